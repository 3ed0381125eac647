using System.Text.Json.Nodes;
using VetrAI.StripeStandIn.Billing;
using VetrAI.StripeStandIn.Wire;

namespace VetrAI.StripeStandIn.Api;

internal static class SubscriptionsApi
{
    private static readonly string[] Statuses = ["incomplete", "incomplete_expired", "trialing", "active", "past_due", "unpaid", "canceled", "paused"];
    private static readonly string[] ProrationBehaviors = ["create_prorations", "always_invoice", "none"];

    public static ApiRoutes MapSubscriptions(this ApiRoutes routes) => routes
        .Add("POST", "subscriptions", Create)
        .Add("GET", "subscriptions", List)
        .Add("GET", "subscriptions/{id}", call => Find(call).ToJson())
        .Add("POST", "subscriptions/{id}", Update)
        .Add("DELETE", "subscriptions/{id}", Cancel);

    private static JsonObject Create(ApiCall call)
    {
        var p = call.Params;
        var customer = call.Account.RequireCustomer(p.Get("customer"));
        var items = p.GetList("items");
        if (items.Count != 1)
        {
            throw items.Count == 0 ? StripeError.Required("items") : StripeError.Invalid("The Stripe stand-in takes exactly one item (items[0][price]).", "items");
        }

        var price = Prices.Require(call.Options, items[0].Get("price"), "items[0][price]");
        ProrationBehavior(call);
        var subscription = Lifecycle.CreateSubscription(call.Account, customer, price, items[0].GetLong("quantity") ?? 1,
            p.GetLong("trial_period_days"), CustomersApi.MergeMetadata(new(StringComparer.Ordinal), p.GetMap("metadata")));
        return subscription.ToJson();
    }

    private static JsonObject List(ApiCall call)
    {
        var p = call.Params;
        var status = p.Get("status");
        if (status is not null && status != "all" && status != "ended" && !Statuses.Contains(status))
        {
            throw StripeError.Invalid($"Invalid status: must be one of {string.Join(", ", Statuses)}, ended or all", "status");
        }

        var customer = p.Get("customer");
        var price = p.Get("price");
        var subscriptions = call.Account.Subscriptions.NewestFirst(s =>
            (customer is null || s.CustomerId == customer)
            && (price is null || s.Items.Any(i => i.Price.Id == price))
            && status switch
            {
                null => s.Status != "canceled",
                "all" => true,
                "ended" => s.IsOver,
                _ => s.Status == status,
            });
        return StripeJson.Page("/v1/subscriptions", subscriptions, s => s.Id, s => s.ToJson(), p);
    }

    private static JsonObject Update(ApiCall call)
    {
        var p = call.Params;
        var account = call.Account;
        var subscription = Find(call);
        var items = p.GetList("items");
        var cancelAtPeriodEnd = p.GetBool("cancel_at_period_end");
        if (subscription.IsOver && (items.Count > 0 || cancelAtPeriodEnd is not null))
        {
            throw StripeError.Invalid("A canceled subscription can only update its cancellation_details and metadata.");
        }

        var prorationBehavior = ProrationBehavior(call);
        // Every check before the first change: a refused update changes nothing.
        var changes = new List<(SubscriptionItem Item, PriceDefinition Price)>();
        for (var i = 0; i < items.Count; i++)
        {
            var itemId = items[i].Get("id");
            var item = subscription.Items.Find(it => it.Id == itemId)
                ?? throw (itemId is null
                    ? StripeError.Invalid("The Stripe stand-in changes existing items only: give items[0][id].", $"items[{i}][id]")
                    : StripeError.MissingParam("subscription_item", itemId, $"items[{i}][id]"));
            if (items[i].GetBool("deleted") == true)
            {
                throw StripeError.Invalid("The Stripe stand-in cannot delete items; change the price instead.", $"items[{i}][deleted]");
            }

            if (items[i].Get("price") is not null)
            {
                changes.Add((item, Prices.Require(call.Options, items[i].Get("price"), $"items[{i}][price]")));
            }
        }

        var before = subscription.ToJson();
        subscription.Metadata = CustomersApi.MergeMetadata(subscription.Metadata, p.GetMap("metadata"));
        if (cancelAtPeriodEnd is { } cancel && cancel != subscription.CancelAtPeriodEnd)
        {
            subscription.CancelAtPeriodEnd = cancel;
            subscription.CancelAt = cancel ? subscription.PeriodEnd : null;
            subscription.CanceledAt = cancel ? account.NowUnix : null;
            subscription.CancellationReason = cancel ? "cancellation_requested" : null;
        }

        var invoices = new List<(Invoice Invoice, bool Paid)>();
        foreach (var (item, price) in changes)
        {
            if (Lifecycle.ChangePrice(account, subscription, item, price, prorationBehavior) is { } invoice)
            {
                invoices.Add(invoice);
            }
        }

        var after = subscription.ToJson();
        account.EmitUpdated("customer.subscription.updated", before, after);
        foreach (var (invoice, paid) in invoices)
        {
            Lifecycle.EmitInvoiceEvents(account, invoice, paid);
        }

        return after;
    }

    private static JsonObject Cancel(ApiCall call)
    {
        var subscription = Find(call);
        Lifecycle.CancelNow(call.Account, subscription);
        return subscription.ToJson();
    }

    private static string ProrationBehavior(ApiCall call)
    {
        var behavior = call.Params.Get("proration_behavior") ?? "create_prorations";
        return ProrationBehaviors.Contains(behavior)
            ? behavior
            : throw StripeError.Invalid($"Invalid proration_behavior: must be one of {string.Join(", ", ProrationBehaviors)}", "proration_behavior");
    }

    private static Subscription Find(ApiCall call) =>
        call.Account.Subscriptions.Find(call.RequireId) ?? throw StripeError.Missing("subscription", call.RequireId);
}
