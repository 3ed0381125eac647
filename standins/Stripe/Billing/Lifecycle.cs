using System.Globalization;
using VetrAI.StripeStandIn.Accounts;
using VetrAI.StripeStandIn.Wire;

namespace VetrAI.StripeStandIn.Billing;

/// <summary>How subscriptions and invoices move: creation (with or without trial), renewal, plan changes,
/// cancellation and payment, with the events Stripe sends for each step. Called under the account's gate.</summary>
internal static class Lifecycle
{
    public static Subscription CreateSubscription(
        Account account, Customer customer, PriceDefinition price, long quantity, long? trialDays, Dictionary<string, string> metadata)
    {
        if (trialDays is < 0 or > 730)
        {
            throw StripeError.Invalid("trial_period_days must be between 0 and 730.", "trial_period_days");
        }

        var now = account.NowUnix;
        var subscription = new Subscription
        {
            Id = Ids.New("sub"),
            CustomerId = customer.Id,
            Created = now,
            Items = [new SubscriptionItem { Id = Ids.New("si"), Created = now, Price = price, Quantity = quantity }],
            Metadata = metadata,
            BillingCycleAnchor = now,
            PeriodStart = now,
        };
        if (trialDays is > 0)
        {
            subscription.TrialStart = now;
            subscription.TrialEnd = now + trialDays.Value * 86400;
            subscription.PeriodEnd = subscription.TrialEnd.Value;
            subscription.BillingCycleAnchor = subscription.TrialEnd.Value;
            subscription.Status = "trialing";
        }
        else
        {
            subscription.PeriodEnd = AddMonth(now);
        }

        account.Subscriptions.Add(subscription);
        if (customer.Currency is null)
        {
            var customerBefore = customer.ToJson();
            customer.Currency = price.Currency;
            account.EmitUpdated("customer.updated", customerBefore, customer.ToJson());
        }

        var lines = subscription.Items.Select(item => Line(item, trialDays is > 0 ? 0 : item.Price.UnitAmount * item.Quantity,
            trialDays is > 0 ? $"Trial period for {item.Price.ProductName}" : Describe(item), subscription.PeriodStart, subscription.PeriodEnd, proration: false)).ToList();
        var invoice = NewInvoice(account, customer, subscription, "subscription_create", lines, now, now);
        var paid = Collect(account, customer, invoice);
        if (subscription.Status != "trialing")
        {
            subscription.Status = paid ? "active" : "incomplete";
        }

        subscription.LatestInvoiceId = invoice.Id;
        // Stripe announces the subscription first, then its first invoice's steps.
        account.Emit("customer.subscription.created", subscription.ToJson());
        EmitInvoiceEvents(account, invoice, paid);
        return subscription;
    }

    /// <summary>Moves the account's clock to the end of the current period (or trial) and carries out what
    /// Stripe does then: cancel a subscription set to cancel, or renew it with a new invoice.</summary>
    public static void Advance(Account account, Subscription subscription)
    {
        if (subscription.IsOver)
        {
            throw StripeError.Invalid($"The subscription {subscription.Id} is {subscription.Status}: it has no next period.");
        }

        var customer = account.Customers.Find(subscription.CustomerId)!;
        var periodEnd = subscription.CancelAt is { } cancelAt && cancelAt < subscription.PeriodEnd ? cancelAt : subscription.PeriodEnd;
        account.AdvanceClockTo(periodEnd);
        var before = subscription.ToJson();

        if (subscription.Status == "incomplete")
        {
            // Stripe gives the first payment 23 hours; an unpaid incomplete subscription then expires.
            subscription.Status = "incomplete_expired";
            subscription.EndedAt = periodEnd;
            account.EmitUpdated("customer.subscription.updated", before, subscription.ToJson());
            return;
        }

        if (subscription.CancelAtPeriodEnd || subscription.CancelAt is not null)
        {
            subscription.Status = "canceled";
            subscription.EndedAt = periodEnd;
            subscription.CanceledAt ??= periodEnd;
            subscription.CancellationReason ??= "cancellation_requested";
            account.Emit("customer.subscription.deleted", subscription.ToJson(), StripeJson.PreviousAttributes(before, subscription.ToJson()));
            return;
        }

        var previousStart = subscription.PeriodStart;
        subscription.PeriodStart = periodEnd;
        subscription.PeriodEnd = AddMonth(periodEnd);
        var lines = subscription.Items.Select(item =>
            Line(item, item.Price.UnitAmount * item.Quantity, Describe(item), subscription.PeriodStart, subscription.PeriodEnd, proration: false)).ToList();
        // A renewal invoice covers the period that just ended (its lines the new one), as Stripe's do.
        var invoice = NewInvoice(account, customer, subscription, "subscription_cycle", lines, previousStart, periodEnd);
        var paid = Collect(account, customer, invoice);
        subscription.LatestInvoiceId = invoice.Id;
        subscription.Status = paid ? "active" : "past_due";
        account.EmitUpdated("customer.subscription.updated", before, subscription.ToJson());
        EmitInvoiceEvents(account, invoice, paid);
    }

    /// <summary>Changes the price of an item. With prorations, invoices the difference for the rest of the
    /// period at once (the period itself stays). Returns that invoice, whose events the caller emits after
    /// the subscription's update event, in Stripe's order.</summary>
    public static (Invoice Invoice, bool Paid)? ChangePrice(
        Account account, Subscription subscription, SubscriptionItem item, PriceDefinition price, string prorationBehavior)
    {
        if (item.Price.Id == price.Id)
        {
            return null;
        }

        if (price.Currency != subscription.Currency)
        {
            throw StripeError.Invalid($"The price {price.Id} is in {price.Currency}, the subscription in {subscription.Currency}.", "items");
        }

        var old = item.Price;
        item.Price = price;
        if (prorationBehavior == "none" || subscription.Status == "trialing")
        {
            return null;
        }

        var now = account.NowUnix;
        var total = Math.Max(1, subscription.PeriodEnd - subscription.PeriodStart);
        var remaining = Math.Clamp(subscription.PeriodEnd - now, 0, total);
        long Share(PriceDefinition p) => (long)Math.Round((decimal)p.UnitAmount * item.Quantity * remaining / total, MidpointRounding.AwayFromZero);
        var date = DateTimeOffset.FromUnixTimeSeconds(now).ToString("d MMM yyyy", CultureInfo.InvariantCulture);
        var lines = new List<InvoiceLine>
        {
            Line(item, old, -Share(old), $"Unused time on {item.Quantity} × {old.ProductName} after {date}", now, subscription.PeriodEnd, proration: true),
            Line(item, price, Share(price), $"Remaining time on {item.Quantity} × {price.ProductName} after {date}", now, subscription.PeriodEnd, proration: true),
        };
        var customer = account.Customers.Find(subscription.CustomerId)!;
        var invoice = NewInvoice(account, customer, subscription, "subscription_update", lines, now, now);
        var paid = Collect(account, customer, invoice);
        subscription.LatestInvoiceId = invoice.Id;
        if (!paid && subscription.Status == "active")
        {
            subscription.Status = "past_due";
        }

        return (invoice, paid);
    }

    public static void CancelNow(Account account, Subscription subscription)
    {
        if (subscription.IsOver)
        {
            throw StripeError.Invalid($"This subscription is already {subscription.Status}.");
        }

        var before = subscription.ToJson();
        var now = account.NowUnix;
        subscription.Status = "canceled";
        subscription.CanceledAt = now;
        subscription.EndedAt = now;
        subscription.CancelAtPeriodEnd = false;
        subscription.CancelAt = null;
        subscription.CancellationReason = "cancellation_requested";
        account.Emit("customer.subscription.deleted", subscription.ToJson(), StripeJson.PreviousAttributes(before, subscription.ToJson()));
    }

    /// <summary>Pays an open invoice with the customer's card (402 when it declines); a subscription waiting
    /// on it becomes active again.</summary>
    public static void PayInvoice(Account account, Invoice invoice)
    {
        if (invoice.Status == "paid")
        {
            throw StripeError.Invalid("Invoice is already paid.");
        }

        if (invoice.Status != "open")
        {
            throw StripeError.Invalid($"You can only pay an open invoice; this one is {invoice.Status}.");
        }

        var customer = account.Customers.Find(invoice.CustomerId)!;
        var invoiceBefore = invoice.ToJson(account.Options.Url);
        if (!Charge(account, customer, invoice))
        {
            account.EmitUpdated("invoice.updated", invoiceBefore, invoice.ToJson(account.Options.Url));
            account.Emit("invoice.payment_failed", invoice.ToJson(account.Options.Url));
            throw StripeError.CardDeclined();
        }

        account.Emit("invoice.paid", invoice.ToJson(account.Options.Url));
        account.Emit("invoice.payment_succeeded", invoice.ToJson(account.Options.Url));
        var subscription = account.Subscriptions.Find(invoice.SubscriptionId);
        if (subscription is { Status: "past_due" or "incomplete" or "unpaid" }
            && !account.Invoices.OldestFirst.Any(i => i.SubscriptionId == subscription.Id && i.Status == "open"))
        {
            var before = subscription.ToJson();
            subscription.Status = "active";
            account.EmitUpdated("customer.subscription.updated", before, subscription.ToJson());
        }
    }

    private static Invoice NewInvoice(
        Account account, Customer customer, Subscription subscription, string reason, List<InvoiceLine> lines, long periodStart, long periodEnd)
    {
        var invoiceId = Ids.New("in");
        var invoice = new Invoice
        {
            Id = invoiceId,
            CustomerId = customer.Id,
            SubscriptionId = subscription.Id,
            Number = $"{customer.InvoicePrefix}-{customer.NextInvoiceSequence++:0000}",
            Created = account.NowUnix,
            Currency = subscription.Currency,
            BillingReason = reason,
            Lines = [.. lines.Select(line => line with { Id = Ids.New("il") })],
            PeriodStart = periodStart,
            PeriodEnd = periodEnd,
            SubscriptionMetadata = new Dictionary<string, string>(subscription.Metadata, StringComparer.Ordinal),
            CustomerEmail = customer.Email,
            CustomerName = customer.Name,
        };
        account.Invoices.Add(invoice);
        return invoice;
    }

    /// <summary>Finalizes the invoice and charges it; false when the card declined (the invoice stays open).</summary>
    private static bool Collect(Account account, Customer customer, Invoice invoice)
    {
        invoice.Status = "open";
        invoice.FinalizedAt = account.NowUnix;
        return Charge(account, customer, invoice);
    }

    private static bool Charge(Account account, Customer customer, Invoice invoice)
    {
        if (invoice.AmountDue == 0)
        {
            MarkPaid(account, invoice);
            return true;
        }

        invoice.AttemptCount++;
        if (customer.PaymentsFail)
        {
            return false;
        }

        MarkPaid(account, invoice);
        return true;
    }

    private static void MarkPaid(Account account, Invoice invoice)
    {
        invoice.Status = "paid";
        invoice.AmountPaid = invoice.AmountDue;
        invoice.PaidAt = account.NowUnix;
    }

    /// <summary>The events of a new invoice, in Stripe's order; the objects show the invoice as it ended.</summary>
    public static void EmitInvoiceEvents(Account account, Invoice invoice, bool paid)
    {
        var json = invoice.ToJson(account.Options.Url);
        account.Emit("invoice.created", json);
        account.Emit("invoice.finalized", json);
        if (paid)
        {
            account.Emit("invoice.paid", json);
            account.Emit("invoice.payment_succeeded", json);
        }
        else
        {
            account.Emit("invoice.payment_failed", json);
        }
    }

    private static InvoiceLine Line(SubscriptionItem item, long amount, string description, long start, long end, bool proration) =>
        Line(item, item.Price, amount, description, start, end, proration);

    private static InvoiceLine Line(SubscriptionItem item, PriceDefinition price, long amount, string description, long start, long end, bool proration) =>
        new("", amount, description, price, item.Quantity, start, end, item.Id, proration);

    private static string Describe(SubscriptionItem item) =>
        $"{item.Quantity} × {item.Price.ProductName} (at {StripeJson.Money(item.Price.UnitAmount, item.Price.Currency)} / month)";

    /// <summary>The same day next month (clamped to the month's last day), as Stripe's monthly periods run.</summary>
    public static long AddMonth(long unixSeconds) =>
        DateTimeOffset.FromUnixTimeSeconds(unixSeconds).AddMonths(1).ToUnixTimeSeconds();
}
