using System.Text.Json.Nodes;
using VetrAI.StripeStandIn.Accounts;
using VetrAI.StripeStandIn.Billing;
using VetrAI.StripeStandIn.Wire;

namespace VetrAI.StripeStandIn.Api;

/// <summary>Checkout sessions (subscription mode) and customer-portal sessions.</summary>
internal static class CheckoutApi
{
    public static ApiRoutes MapCheckout(this ApiRoutes routes) => routes
        .Add("POST", "checkout/sessions", Create)
        .Add("GET", "checkout/sessions/{id}", call => Find(call.Account, call.RequireId).ToJson(call.Options.Url))
        .Add("POST", "billing_portal/sessions", CreatePortal);

    /// <summary>The customer pays on the hosted page: the subscription starts (with its trial, if the session
    /// asked for one) and the session completes. 402 when the customer's card declines.</summary>
    public static JsonObject Complete(Account account, string sessionId)
    {
        var session = Find(account, sessionId);
        if (session.Status != "open")
        {
            throw StripeError.Invalid($"The checkout session {session.Id} is {session.Status}, not open.");
        }

        Customer customer;
        if (session.CustomerId is null)
        {
            customer = new Customer { Id = Ids.New("cus", 14), Created = account.NowUnix, Email = session.CustomerEmail };
            account.Customers.Add(customer);
            account.Emit("customer.created", customer.ToJson());
        }
        else
        {
            customer = account.Customers.Find(session.CustomerId)!;
        }

        // Checkout does not let a declined card through: nothing is created.
        if (customer.PaymentsFail && session.TrialPeriodDays is not > 0)
        {
            throw StripeError.CardDeclined();
        }

        var subscription = Lifecycle.CreateSubscription(account, customer, session.Price, session.Quantity, session.TrialPeriodDays,
            new Dictionary<string, string>(session.SubscriptionMetadata, StringComparer.Ordinal));
        session.CustomerId = customer.Id;
        session.SubscriptionId = subscription.Id;
        session.InvoiceId = subscription.LatestInvoiceId;
        session.Paid = session.TrialPeriodDays is not > 0;
        session.Status = "complete";
        account.Emit("checkout.session.completed", session.ToJson(account.Options.Url));
        return subscription.ToJson();
    }

    private static JsonObject Create(ApiCall call)
    {
        var p = call.Params;
        if (p.Get("mode") is not { } mode)
        {
            throw StripeError.Required("mode");
        }

        if (mode != "subscription")
        {
            throw StripeError.Invalid($"The Stripe stand-in supports mode=subscription only, not '{mode}'.", "mode");
        }

        var customerId = p.Get("customer");
        if (customerId is not null)
        {
            call.Account.RequireCustomer(customerId);
        }

        var items = p.GetList("line_items");
        if (items.Count != 1)
        {
            throw StripeError.Invalid("The Stripe stand-in takes exactly one line item (line_items[0][price]).", "line_items");
        }

        var price = Prices.Require(call.Options, items[0].Get("price"), "line_items[0][price]");
        var quantity = items[0].GetLong("quantity") ?? 1;
        var subscriptionData = p.Nested("subscription_data");
        var session = new CheckoutSession
        {
            Id = Ids.New("cs_test", 58),
            Created = call.Account.NowUnix,
            Price = price,
            Quantity = quantity,
            CustomerId = customerId,
            CustomerEmail = p.Get("customer_email") ?? (customerId is null ? null : call.Account.Customers.Find(customerId)!.Email),
            ClientReferenceId = p.Get("client_reference_id"),
            SuccessUrl = p.Get("success_url"),
            CancelUrl = p.Get("cancel_url"),
            Metadata = CustomersApi.MergeMetadata(new(StringComparer.Ordinal), p.GetMap("metadata")),
            SubscriptionMetadata = CustomersApi.MergeMetadata(new(StringComparer.Ordinal), subscriptionData.GetMap("metadata")),
            TrialPeriodDays = subscriptionData.GetLong("trial_period_days"),
        };
        if (session.TrialPeriodDays is < 1 or > 730)
        {
            throw StripeError.Invalid("subscription_data[trial_period_days] must be between 1 and 730.", "subscription_data[trial_period_days]");
        }

        call.Account.CheckoutSessions.Add(session);
        return session.ToJson(call.Options.Url);
    }

    private static JsonObject CreatePortal(ApiCall call)
    {
        var customer = call.Account.RequireCustomer(call.Params.Get("customer"));
        var session = new PortalSession(Ids.New("bps"), call.Account.NowUnix, customer.Id, call.Params.Get("return_url"));
        call.Account.PortalSessions.Add(session);
        return session.ToJson(call.Options.Url);
    }

    private static CheckoutSession Find(Account account, string id) =>
        account.CheckoutSessions.Find(id) ?? throw StripeError.Missing("checkout.session", id);
}
