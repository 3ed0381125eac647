using System.Net;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Stripe;
using VetrAI.Grains.Abstractions.Billing;
using VetrAI.Grains.Abstractions.Errors;

namespace VetrAI.Grains.Billing;

/// <summary>Stripe through Stripe.net, at <see cref="BillingOptions.ApiBase"/> (Stripe, or the local stand-in).</summary>
internal sealed partial class StripeGateway : IStripeGateway, IDisposable
{
    private const string Unavailable = "Stripe is unavailable; retry later.";
    private readonly HttpClient _http;
    private readonly StripeClient _client;
    private readonly BillingOptions _options;
    private readonly ILogger<StripeGateway> _logger;

    public StripeGateway(IOptions<BillingOptions> options, ILogger<StripeGateway> logger)
    {
        _options = options.Value;
        _logger = logger;
        _http = new HttpClient { Timeout = _options.RequestTimeout };
        // One retry of a network failure or a 5xx Stripe marks retryable; POSTs carry idempotency keys, so a retry
        // never does the work twice.
        _client = new StripeClient(new StripeClientOptions
        {
            ApiKey = _options.SecretKey,
            ApiBase = _options.ApiBase.TrimEnd('/'),
            HttpClient = new SystemNetHttpClient(_http, maxNetworkRetries: 1, appInfo: null, enableTelemetry: false),
        });
    }

    public void Dispose() => _http.Dispose();

    public Task<string> CreateCustomerAsync(string organizationId, string name, string idempotencyKey) =>
        CallAsync(async () =>
        {
            var customer = await _client.V1.Customers.CreateAsync(
                new CustomerCreateOptions { Name = name, Metadata = Metadata(organizationId) },
                new RequestOptions { IdempotencyKey = idempotencyKey });
            return customer.Id;
        });

    public Task<string> CreateCheckoutSessionAsync(CheckoutSessionRequest request, string idempotencyKey) =>
        CallAsync(async () =>
        {
            var session = await _client.V1.Checkout.Sessions.CreateAsync(
                new Stripe.Checkout.SessionCreateOptions
                {
                    Mode = "subscription",
                    Customer = request.CustomerId,
                    ClientReferenceId = request.OrganizationId,
                    SuccessUrl = request.SuccessUrl,
                    CancelUrl = request.CancelUrl,
                    LineItems = [new Stripe.Checkout.SessionLineItemOptions { Price = request.PriceId, Quantity = 1 }],
                    Metadata = Metadata(request.OrganizationId),
                    SubscriptionData = new Stripe.Checkout.SessionSubscriptionDataOptions { Metadata = Metadata(request.OrganizationId) },
                },
                new RequestOptions { IdempotencyKey = idempotencyKey });
            return session.Url;
        });

    public Task<string> CreatePortalSessionAsync(string customerId, string returnUrl) =>
        CallAsync(async () =>
        {
            var session = await _client.V1.BillingPortal.Sessions.CreateAsync(
                new Stripe.BillingPortal.SessionCreateOptions { Customer = customerId, ReturnUrl = returnUrl });
            return session.Url;
        });

    public Task<StripeSubscription> CreateSubscriptionAsync(
        string customerId, string priceId, int? trialDays, string organizationId, string idempotencyKey) =>
        CallAsync(async () => Reduce(await _client.V1.Subscriptions.CreateAsync(
            new SubscriptionCreateOptions
            {
                Customer = customerId,
                Items = [new SubscriptionItemOptions { Price = priceId }],
                TrialPeriodDays = trialDays,
                Metadata = Metadata(organizationId),
            },
            new RequestOptions { IdempotencyKey = idempotencyKey })));

    public Task<StripeSubscription> GetSubscriptionAsync(string subscriptionId) =>
        CallAsync(async () => Reduce(await _client.V1.Subscriptions.GetAsync(subscriptionId)));

    public Task<StripeSubscription> ChangePriceAsync(string subscriptionId, string priceId) =>
        CallAsync(async () =>
        {
            var current = await _client.V1.Subscriptions.GetAsync(subscriptionId);
            var item = current.Items?.Data?.FirstOrDefault()
                ?? throw new ServiceUnavailableException("Stripe answered a subscription without items.");
            return Reduce(await _client.V1.Subscriptions.UpdateAsync(subscriptionId, new SubscriptionUpdateOptions
            {
                Items = [new SubscriptionItemOptions { Id = item.Id, Price = priceId }],
                ProrationBehavior = "create_prorations",
            }));
        });

    public Task<StripeSubscription> CancelAtPeriodEndAsync(string subscriptionId) =>
        CallAsync(async () => Reduce(await _client.V1.Subscriptions.UpdateAsync(
            subscriptionId, new SubscriptionUpdateOptions { CancelAtPeriodEnd = true })));

    public Task<StripeSubscription> CancelNowAsync(string subscriptionId) =>
        CallAsync(async () => Reduce(await _client.V1.Subscriptions.CancelAsync(subscriptionId, new SubscriptionCancelOptions())));

    public Task ReportUsageAsync(string customerId, string identifier, long value, DateTimeOffset timestamp) =>
        CallAsync(async () =>
        {
            try
            {
                await _client.V1.Billing.MeterEvents.CreateAsync(
                    new Stripe.Billing.MeterEventCreateOptions
                    {
                        EventName = _options.MeterEventName,
                        Identifier = identifier,
                        Timestamp = timestamp.UtcDateTime,
                        Payload = new Dictionary<string, string>(StringComparer.Ordinal)
                        {
                            ["stripe_customer_id"] = customerId,
                            ["value"] = value.ToString(System.Globalization.CultureInfo.InvariantCulture),
                        },
                    },
                    new RequestOptions { IdempotencyKey = identifier });
            }
            catch (StripeException exception) when (IsDuplicateMeterEvent(exception))
            {
                // Stripe already holds an event with this identifier: an earlier attempt got through.
                LogDuplicateMeterEvent(_logger, identifier);
            }

            return true;
        });

    // Stripe answers 400 "An event already exists with identifier ..." (param: identifier) once the identifier
    // outlived the idempotency key's 24 hours.
    private static bool IsDuplicateMeterEvent(StripeException exception) =>
        exception.HttpStatusCode == HttpStatusCode.BadRequest
        && (exception.StripeError?.Param == "identifier"
            || exception.StripeError?.Message?.Contains("already exists with identifier", StringComparison.OrdinalIgnoreCase) == true);

    private static StripeSubscription Reduce(Subscription subscription) =>
        StripeObjects.ToSubscription(subscription) ?? throw new ServiceUnavailableException("Stripe answered an incomplete subscription.");

    private static Dictionary<string, string> Metadata(string organizationId) =>
        new(StringComparer.Ordinal) { ["organization_id"] = organizationId };

    private async Task<T> CallAsync<T>(Func<Task<T>> call)
    {
        try
        {
            return await call();
        }
        catch (StripeException exception)
        {
            LogStripeFailed(_logger, (int)exception.HttpStatusCode, exception.StripeError?.Type, exception.StripeError?.Code, exception.Message);
            if (exception.StripeError?.Type == "idempotency_error")
            {
                throw new ConflictException("An earlier request with other parameters is still being processed by Stripe; retry later.");
            }

            if (exception.StripeError?.Type == "card_error")
            {
                // The customer's card, not the platform: retrying the same request cannot help.
                throw new ConflictException($"Stripe declined the payment: {exception.StripeError.Message}");
            }

            var status = (int)exception.HttpStatusCode;
            throw new ServiceUnavailableException(status is >= 500 or 429 or 0
                ? Unavailable
                : "Stripe refused the request; the billing settings may be wrong. Retry later.");
        }
        catch (Exception exception) when (exception is HttpRequestException or TaskCanceledException or TimeoutException)
        {
            LogStripeUnreachable(_logger, exception);
            throw new ServiceUnavailableException(Unavailable);
        }
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Stripe answered {Status} ({Type}, {Code}): {Message}")]
    private static partial void LogStripeFailed(ILogger logger, int status, string? type, string? code, string message);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Stripe could not be reached")]
    private static partial void LogStripeUnreachable(ILogger logger, Exception exception);

    [LoggerMessage(Level = LogLevel.Information, Message = "Stripe already holds meter event {Identifier}; the report counts as sent")]
    private static partial void LogDuplicateMeterEvent(ILogger logger, string identifier);
}
