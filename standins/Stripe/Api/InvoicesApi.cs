using System.Text.Json.Nodes;
using VetrAI.StripeStandIn.Billing;
using VetrAI.StripeStandIn.Wire;

namespace VetrAI.StripeStandIn.Api;

internal static class InvoicesApi
{
    private static readonly string[] Statuses = ["draft", "open", "paid", "uncollectible", "void"];

    public static ApiRoutes MapInvoices(this ApiRoutes routes) => routes
        .Add("GET", "invoices", List)
        .Add("GET", "invoices/{id}", call => Find(call).ToJson(call.Options.Url))
        .Add("POST", "invoices/{id}/pay", Pay);

    private static JsonObject List(ApiCall call)
    {
        var p = call.Params;
        var customer = p.Get("customer");
        var subscription = p.Get("subscription");
        var status = p.Get("status");
        if (status is not null && !Statuses.Contains(status))
        {
            throw StripeError.Invalid($"Invalid status: must be one of {string.Join(", ", Statuses)}", "status");
        }

        var invoices = call.Account.Invoices.NewestFirst(i =>
            (customer is null || i.CustomerId == customer)
            && (subscription is null || i.SubscriptionId == subscription)
            && (status is null || i.Status == status));
        return StripeJson.Page("/v1/invoices", invoices, i => i.Id, i => i.ToJson(call.Options.Url), p);
    }

    private static JsonObject Pay(ApiCall call)
    {
        var invoice = Find(call);
        Lifecycle.PayInvoice(call.Account, invoice);
        return invoice.ToJson(call.Options.Url);
    }

    private static Invoice Find(ApiCall call) =>
        call.Account.Invoices.Find(call.RequireId) ?? throw StripeError.Missing("invoice", call.RequireId);
}
