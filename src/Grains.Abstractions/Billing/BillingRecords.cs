using VetrAI.Grains.Abstractions.Audit;

namespace VetrAI.Grains.Abstractions.Billing;

/// <summary>A URL to send the user to (Checkout, the customer portal).</summary>
[GenerateSerializer, Immutable, Alias("vetrai.BillingRedirect")]
public sealed record BillingRedirect(string Url);

/// <summary>Starts a Checkout session.</summary>
/// <param name="Plan">A paid plan (<c>pro</c>, <c>enterprise</c>).</param>
/// <param name="SuccessUrl">Where Stripe sends the user after paying.</param>
/// <param name="CancelUrl">Where Stripe sends the user who gives up.</param>
/// <param name="Actor">Who asks.</param>
[GenerateSerializer, Immutable, Alias("vetrai.StartCheckoutCommand")]
public sealed record StartCheckoutCommand(string Plan, string SuccessUrl, string CancelUrl, ActorContext Actor);

/// <summary>Creates a subscription directly (the customer pays with the card Stripe holds).</summary>
/// <param name="Plan">A paid plan.</param>
/// <param name="TrialDays">Days of free trial, or null for none.</param>
/// <param name="Actor">Who asks.</param>
[GenerateSerializer, Immutable, Alias("vetrai.CreateSubscriptionCommand")]
public sealed record CreateSubscriptionCommand(string Plan, int? TrialDays, ActorContext Actor);

/// <summary>A subscription as the API shows it.</summary>
/// <param name="Id">Stripe's subscription id.</param>
/// <param name="Plan">The plan of its price, or null when the price is none of VetrAI's plans.</param>
/// <param name="Status">trialing, active, past_due, canceled, incomplete (or another Stripe status).</param>
/// <param name="CurrentPeriodEnd">When the period being paid for ends.</param>
/// <param name="CancelAtPeriodEnd">Whether it ends at the end of the period.</param>
/// <param name="TrialEnd">When the trial ends, if it has one.</param>
[GenerateSerializer, Immutable, Alias("vetrai.SubscriptionView")]
public sealed record SubscriptionView(
    string Id, string? Plan, string Status, DateTimeOffset? CurrentPeriodEnd, bool CancelAtPeriodEnd, DateTimeOffset? TrialEnd);

/// <summary>An invoice as the API shows it (amounts in the currency's smallest unit, as Stripe gives them).</summary>
[GenerateSerializer, Immutable, Alias("vetrai.InvoiceView")]
public sealed record InvoiceView(
    string Id,
    string? Number,
    string Status,
    long AmountDue,
    long AmountPaid,
    string Currency,
    string? HostedInvoiceUrl,
    DateTimeOffset CreatedAt);

/// <summary>One page of invoices; <paramref name="NextAfter"/> is the id to continue after, or null at the end.</summary>
[GenerateSerializer, Immutable, Alias("vetrai.InvoicePage")]
public sealed record InvoicePage(IReadOnlyList<InvoiceView> Items, string? NextAfter);

/// <summary>A daily usage report sent (or being sent) to Stripe as a meter event.</summary>
/// <param name="PeriodStart">The start of the reported period (a UTC day by default).</param>
/// <param name="Identifier">The meter event's idempotent identifier (organization and period).</param>
/// <param name="Value">VALID validations of the organization's keys in the period.</param>
/// <param name="ReportedAt">When Stripe accepted it.</param>
[GenerateSerializer, Immutable, Alias("vetrai.UsageReportView")]
public sealed record UsageReportView(DateTimeOffset PeriodStart, string Identifier, long Value, DateTimeOffset ReportedAt);

/// <summary>What applying a webhook event did.</summary>
[GenerateSerializer, Alias("vetrai.BillingEventOutcome")]
public enum BillingEventOutcome
{
    /// <summary>The event changed the organization's billing.</summary>
    Applied,

    /// <summary>The event id was applied before; nothing changed.</summary>
    Duplicate,

    /// <summary>The event is older than what the organization already saw, or of no concern; nothing changed.</summary>
    Ignored,
}

/// <summary>A verified Stripe event reduced to what billing reads. The front end verifies the signature and maps
/// Stripe.net's typed event into this.</summary>
/// <param name="Id">The event id (<c>evt_...</c>).</param>
/// <param name="Type">The event type, e.g. <c>customer.subscription.updated</c>.</param>
/// <param name="Created">When Stripe created the event: the order of events for one object.</param>
/// <param name="CustomerId">The Stripe customer the object belongs to.</param>
/// <param name="Subscription">The subscription, for subscription events.</param>
/// <param name="Invoice">The invoice, for invoice events.</param>
/// <param name="CheckoutSubscriptionId">For <c>checkout.session.completed</c>: the subscription it created.</param>
[GenerateSerializer, Immutable, Alias("vetrai.BillingEvent")]
public sealed record BillingEvent(
    string Id,
    string Type,
    DateTimeOffset Created,
    string CustomerId,
    StripeSubscription? Subscription,
    StripeInvoice? Invoice,
    string? CheckoutSubscriptionId);

/// <summary>The fields of a Stripe subscription that billing reads.</summary>
[GenerateSerializer, Immutable, Alias("vetrai.StripeSubscription")]
public sealed record StripeSubscription(
    string Id,
    string CustomerId,
    string? PriceId,
    string Status,
    DateTimeOffset? CurrentPeriodEnd,
    bool CancelAtPeriodEnd,
    DateTimeOffset? TrialEnd,
    DateTimeOffset Created);

/// <summary>The fields of a Stripe invoice that billing reads.</summary>
[GenerateSerializer, Immutable, Alias("vetrai.StripeInvoice")]
public sealed record StripeInvoice(
    string Id,
    string? Number,
    string Status,
    long AmountDue,
    long AmountPaid,
    string Currency,
    string? HostedInvoiceUrl,
    DateTimeOffset Created,
    string? SubscriptionId);
