using Stripe;
using VetrAI.Grains.Abstractions.Billing;

namespace VetrAI.Grains.Billing;

/// <summary>Reduces Stripe.net's objects to the records billing keeps. Fields an older API version leaves out
/// come through as null instead of failing.</summary>
public static class StripeObjects
{
    /// <summary>The event types billing acts on; every other type is acknowledged and ignored.</summary>
    public static IReadOnlySet<string> HandledTypes { get; } = new HashSet<string>(StringComparer.Ordinal)
    {
        EventTypes.CheckoutSessionCompleted,
        EventTypes.CustomerSubscriptionCreated,
        EventTypes.CustomerSubscriptionUpdated,
        EventTypes.CustomerSubscriptionDeleted,
        EventTypes.InvoicePaid,
        EventTypes.InvoicePaymentFailed,
    };

    /// <summary>The billing event of a verified Stripe event, or null when billing does not handle it.</summary>
    public static BillingEvent? ToBillingEvent(Event stripeEvent)
    {
        ArgumentNullException.ThrowIfNull(stripeEvent);
        if (string.IsNullOrEmpty(stripeEvent.Id) || stripeEvent.Type is null || !HandledTypes.Contains(stripeEvent.Type))
        {
            return null;
        }

        var created = Utc(stripeEvent.Created) ?? DateTimeOffset.UnixEpoch;
        return stripeEvent.Data?.Object switch
        {
            Subscription subscription when ToSubscription(subscription) is { } s
                => new BillingEvent(stripeEvent.Id, stripeEvent.Type, created, s.CustomerId, s, null, null),
            Invoice invoice when ToInvoice(invoice) is { } i && invoice.CustomerId is { Length: > 0 } customer
                => new BillingEvent(stripeEvent.Id, stripeEvent.Type, created, customer, null, i, null),
            Stripe.Checkout.Session session when session.CustomerId is { Length: > 0 } customer
                => new BillingEvent(stripeEvent.Id, stripeEvent.Type, created, customer, null, null, session.SubscriptionId),
            _ => null,
        };
    }

    /// <summary>The subscription's fields, or null when it has no id or customer.</summary>
    public static StripeSubscription? ToSubscription(Subscription subscription)
    {
        ArgumentNullException.ThrowIfNull(subscription);
        if (string.IsNullOrEmpty(subscription.Id) || string.IsNullOrEmpty(subscription.CustomerId) || string.IsNullOrEmpty(subscription.Status))
        {
            return null;
        }

        // Since API version 2025-03-31 the period lives on the items; VetrAI's subscriptions have one item.
        var item = subscription.Items?.Data?.FirstOrDefault();
        return new StripeSubscription(
            subscription.Id,
            subscription.CustomerId,
            item?.Price?.Id,
            subscription.Status,
            item is null ? null : Utc(item.CurrentPeriodEnd),
            subscription.CancelAtPeriodEnd,
            subscription.TrialEnd is { } trialEnd ? Utc(trialEnd) : null,
            Utc(subscription.Created) ?? DateTimeOffset.UnixEpoch);
    }

    /// <summary>The invoice's fields, or null when it has no id.</summary>
    public static StripeInvoice? ToInvoice(Invoice invoice)
    {
        ArgumentNullException.ThrowIfNull(invoice);
        if (string.IsNullOrEmpty(invoice.Id) || string.IsNullOrEmpty(invoice.Status))
        {
            return null;
        }

        return new StripeInvoice(
            invoice.Id,
            invoice.Number,
            invoice.Status,
            invoice.AmountDue,
            invoice.AmountPaid,
            invoice.Currency ?? "usd",
            invoice.HostedInvoiceUrl,
            Utc(invoice.Created) ?? DateTimeOffset.UnixEpoch,
            invoice.Parent?.SubscriptionDetails?.SubscriptionId);
    }

    // Stripe.net gives Unix times as UTC DateTimes, and a missing one as DateTime.MinValue.
    private static DateTimeOffset? Utc(DateTime value) =>
        value <= DateTime.UnixEpoch ? null : new DateTimeOffset(DateTime.SpecifyKind(value, DateTimeKind.Utc));
}
