using VetrAI.Grains.Abstractions.Billing;

namespace VetrAI.Grains.Billing;

/// <summary>The calls billing makes to Stripe. Every failure surfaces as a domain exception: Stripe unreachable,
/// slow or failing is <see cref="Abstractions.Errors.ServiceUnavailableException"/> (503), an idempotency key
/// reused with other parameters is <see cref="Abstractions.Errors.ConflictException"/> (409).</summary>
internal interface IStripeGateway
{
    /// <summary>Creates the organization's customer; the key makes a retried creation answer the same customer.</summary>
    Task<string> CreateCustomerAsync(string organizationId, string name, string idempotencyKey);

    /// <summary>A Checkout session for a subscription to the request's price; answers its URL.</summary>
    Task<string> CreateCheckoutSessionAsync(CheckoutSessionRequest request, string idempotencyKey);

    /// <summary>A customer-portal session; answers its URL.</summary>
    Task<string> CreatePortalSessionAsync(string customerId, string returnUrl);

    Task<StripeSubscription> CreateSubscriptionAsync(
        string customerId, string priceId, int? trialDays, string organizationId, string idempotencyKey);

    Task<StripeSubscription> GetSubscriptionAsync(string subscriptionId);

    /// <summary>Moves the subscription's item to <paramref name="priceId"/>, prorated.</summary>
    Task<StripeSubscription> ChangePriceAsync(string subscriptionId, string priceId);

    Task<StripeSubscription> CancelAtPeriodEndAsync(string subscriptionId);

    Task<StripeSubscription> CancelNowAsync(string subscriptionId);

    /// <summary>Sends a meter event. An identifier Stripe already holds counts as sent (a retried report).</summary>
    Task ReportUsageAsync(string customerId, string identifier, long value, DateTimeOffset timestamp);
}

/// <summary>What a Checkout session is made of.</summary>
internal sealed record CheckoutSessionRequest(
    string CustomerId, string PriceId, string SuccessUrl, string CancelUrl, string OrganizationId);
