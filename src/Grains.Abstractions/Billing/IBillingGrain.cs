using VetrAI.Grains.Abstractions.Audit;

namespace VetrAI.Grains.Abstractions.Billing;

/// <summary>An organization's billing with Stripe: its customer, subscriptions, the invoices it has seen and the
/// webhook events it has applied. Key: the organization id. It calls Stripe (through Stripe.net) for what the
/// organization asks, learns the outcome from Stripe's webhooks, and sets the organization's plan from them.</summary>
[Alias("billing")]
public interface IBillingGrain : IGrainWithStringKey
{
    /// <summary>A Stripe Checkout session for a new subscription to <paramref name="command"/>'s plan. The same
    /// request repeated answers the same session.</summary>
    /// <exception cref="Errors.ConflictException">The organization already has a live subscription.</exception>
    /// <exception cref="Errors.ServiceUnavailableException">Stripe is unreachable or failed.</exception>
    Task<BillingRedirect> StartCheckoutAsync(StartCheckoutCommand command);

    /// <summary>A Stripe customer-portal session for the organization's customer.</summary>
    /// <exception cref="Errors.ServiceUnavailableException">Stripe is unreachable or failed.</exception>
    Task<BillingRedirect> OpenPortalAsync(string returnUrl, ActorContext actor);

    /// <summary>Subscribes the organization to a plan, with an optional trial. A retry of a request that failed
    /// midway reuses its Stripe idempotency key, so Stripe never holds two subscriptions from it.</summary>
    /// <exception cref="Errors.ConflictException">The organization already has a live subscription.</exception>
    /// <exception cref="Errors.ServiceUnavailableException">Stripe is unreachable or failed.</exception>
    Task<SubscriptionView> CreateSubscriptionAsync(CreateSubscriptionCommand command);

    /// <summary>Every subscription the organization has had, newest first.</summary>
    [ReadOnly]
    Task<IReadOnlyList<SubscriptionView>> ListSubscriptionsAsync();

    /// <summary>Moves a subscription to another plan; Stripe prorates.</summary>
    /// <exception cref="Errors.NotFoundException">The organization has no such subscription.</exception>
    /// <exception cref="Errors.ConflictException">The subscription has ended.</exception>
    Task<SubscriptionView> ChangePlanAsync(string subscriptionId, string plan, ActorContext actor);

    /// <summary>Cancels a subscription at the end of its period, or at once.</summary>
    /// <exception cref="Errors.NotFoundException">The organization has no such subscription.</exception>
    Task<SubscriptionView> CancelAsync(string subscriptionId, bool immediately, ActorContext actor);

    /// <summary>The invoices seen in webhooks, newest first, one page.</summary>
    [ReadOnly]
    Task<InvoicePage> ListInvoicesAsync(int limit, string? after);

    /// <summary>Applies one verified Stripe event: once per event id, never rolling an object back to an older
    /// state than one already applied.</summary>
    Task<BillingEventOutcome> ApplyEventAsync(BillingEvent stripeEvent);

    /// <summary>What the usage reports sent to Stripe (for operators and tests).</summary>
    [ReadOnly]
    Task<IReadOnlyList<UsageReportView>> ListUsageReportsAsync();
}

/// <summary>Which organization a Stripe customer belongs to, so that a webhook finds its billing grain. Key: the
/// Stripe customer id.</summary>
[Alias("stripecustomer")]
public interface IStripeCustomerIndexGrain : IGrainWithStringKey
{
    /// <summary>Records the owner. Idempotent for the same organization.</summary>
    /// <exception cref="Errors.ConflictException">Another organization owns the customer.</exception>
    Task SetOrganizationAsync(string organizationId);

    /// <summary>The owning organization's id, or null for a customer VetrAI did not create.</summary>
    [ReadOnly]
    Task<string?> GetOrganizationAsync();
}
