using VetrAI.Grains.Abstractions.Billing;

namespace VetrAI.Grains.Billing;

/// <summary>The stored billing of one organization.</summary>
internal sealed record BillingState
{
    public string OrganizationId { get; init; } = "";

    /// <summary>The organization's Stripe customer, once one was created.</summary>
    public string? CustomerId { get; init; }

    /// <summary>Every subscription seen, newest first.</summary>
    public IReadOnlyList<SubscriptionRecord> Subscriptions { get; init; } = [];

    /// <summary>The invoices seen in webhooks, newest first (at most <see cref="BillingGrain.KeptInvoices"/>).</summary>
    public IReadOnlyList<InvoiceRecord> Invoices { get; init; } = [];

    /// <summary>The ids of applied events, so a redelivered one changes nothing. Stripe retries an event for three
    /// days; ids are kept for longer (<see cref="BillingGrain.EventIdRetention"/>).</summary>
    public IReadOnlyList<ProcessedEvent> ProcessedEvents { get; init; } = [];

    /// <summary>Counts subscription requests; part of their Stripe idempotency keys.</summary>
    public int SubscriptionRequests { get; init; }

    /// <summary>A subscription request that has not succeeded yet; the same request retried reuses its key.</summary>
    public PendingSubscription? PendingSubscription { get; init; }

    /// <summary>When the current subscription was first seen past_due; the grace period runs from here.</summary>
    public DateTimeOffset? PastDueSince { get; init; }

    /// <summary>Whether the grace period of the current past_due spell ended (the plan fell to free).</summary>
    public bool GraceEnded { get; init; }

    /// <summary>The end of the last usage period reported; null while no report is scheduled.</summary>
    public DateTimeOffset? UsageReportedUntil { get; init; }

    /// <summary>The usage reports sent, newest first (at most <see cref="BillingGrain.KeptUsageReports"/>).</summary>
    public IReadOnlyList<UsageReportView> UsageReports { get; init; } = [];

    /// <summary>Failed report attempts in a row, for the retry backoff.</summary>
    public int UsageReportFailures { get; init; }
}

/// <summary>A subscription and the order information that keeps an older event from rolling it back.</summary>
/// <param name="Subscription">Its fields as last read from Stripe (an answer to VetrAI's call, or a read-back).</param>
/// <param name="EventCreated">The creation time of the last event applied to it (Stripe's clock).</param>
internal sealed record SubscriptionRecord(StripeSubscription Subscription, DateTimeOffset? EventCreated);

/// <summary>An invoice and the creation time of the last event applied to it.</summary>
internal sealed record InvoiceRecord(StripeInvoice Invoice, DateTimeOffset EventCreated);

/// <summary>A subscription request sent (or about to be sent) to Stripe under idempotency key number <paramref name="Sequence"/>.</summary>
internal sealed record PendingSubscription(int Sequence, string Plan, int? TrialDays);

/// <summary>An applied event.</summary>
internal sealed record ProcessedEvent(string Id, DateTimeOffset Created);

/// <summary>Which organization owns a Stripe customer.</summary>
internal sealed record StripeCustomerIndexState
{
    public string? OrganizationId { get; init; }
}
