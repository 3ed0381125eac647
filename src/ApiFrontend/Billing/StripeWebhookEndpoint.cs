using System.Text;
using Microsoft.AspNetCore.Http.Metadata;
using Microsoft.Extensions.Options;
using Stripe;
using VetrAI.Grains.Abstractions.Billing;
using VetrAI.Grains.Abstractions.Errors;
using VetrAI.Grains.Billing;

namespace VetrAI.ApiFrontend.Billing;

/// <summary><c>POST /api/v1/webhooks/stripe</c>: Stripe's events. The signature is checked on the raw body with
/// Stripe.net (HMAC-SHA256, 5 minutes' tolerance) before anything is parsed; the event then goes to the billing
/// grain of the organization that owns its customer, which applies it once. Any 2xx tells Stripe to stop
/// retrying, so only a failure to record the event (the grain or database unavailable) answers 5xx.</summary>
internal static partial class StripeWebhookEndpoint
{
    /// <summary>Stripe's events are far smaller; a larger body is not Stripe's.</summary>
    private const int MaxBodyBytes = 512 * 1024;
    private const long ToleranceSeconds = 300;

    public static IEndpointConventionBuilder MapStripeWebhook(this IEndpointRouteBuilder routes) => routes
        .MapPost("/api/v1/webhooks/stripe", ReceiveAsync)
        .AllowAnonymous()
        .WithTags("Billing")
        .WithMetadata(
            new AcceptsMetadata(["application/json"], typeof(object)),
            new ProducesResponseTypeMetadata(StatusCodes.Status200OK, typeof(WebhookReceipt), ["application/json"]),
            // The API explorer describes only endpoints whose handler method it knows.
            ((RequestDelegate)ReceiveAsync).Method)
        .WithName("ReceiveStripeWebhook")
        .WithSummary("Stripe events, verified by the Stripe-Signature header; each event id is applied once.");

    private static async Task ReceiveAsync(HttpContext context)
    {
        var options = context.RequestServices.GetRequiredService<IOptions<BillingOptions>>().Value;
        if (string.IsNullOrEmpty(options.WebhookSecret))
        {
            throw new ServiceUnavailableException($"Stripe webhooks are not configured on this deployment ({BillingOptions.WebhookSecretSetting}).");
        }

        var body = await ReadBodyAsync(context.Request, context.RequestAborted);
        var metrics = context.RequestServices.GetRequiredService<WebhookMetrics>();
        var signature = context.Request.Headers["Stripe-Signature"].ToString();
        if (string.IsNullOrEmpty(signature))
        {
            metrics.Received("rejected");
            throw new InvalidInputException("The Stripe-Signature header is missing.");
        }

        Event stripeEvent;
        try
        {
            stripeEvent = EventUtility.ConstructEvent(body, signature, options.WebhookSecret, ToleranceSeconds, throwOnApiVersionMismatch: false);
        }
        catch (StripeException exception)
        {
            // Stripe.net says why: no valid signature, a timestamp outside the tolerance, or no event in the body.
            metrics.Received("rejected");
            throw new InvalidInputException($"The Stripe signature or event is not valid: {exception.Message}");
        }
        catch (Exception exception) when (exception is Newtonsoft.Json.JsonException or System.Text.Json.JsonException
                                              or ArgumentException or FormatException or InvalidCastException or InvalidOperationException)
        {
            metrics.Received("rejected");
            throw new InvalidInputException("The event is not a valid Stripe event.");
        }

        var logger = context.RequestServices.GetRequiredService<ILoggerFactory>().CreateLogger(typeof(StripeWebhookEndpoint));
        var outcome = await ApplyAsync(stripeEvent, context.RequestServices.GetRequiredService<IGrainFactory>(), logger);
        metrics.Received(outcome);
        await context.Response.WriteAsJsonAsync(new WebhookReceipt(true, outcome), context.RequestAborted);
    }

    private static async Task<string> ApplyAsync(Event stripeEvent, IGrainFactory grains, ILogger logger)
    {
        if (StripeObjects.ToBillingEvent(stripeEvent) is not { } billingEvent)
        {
            return "ignored";
        }

        var organizationId = await grains.GetGrain<IStripeCustomerIndexGrain>(billingEvent.CustomerId).GetOrganizationAsync();
        if (organizationId is null)
        {
            LogUnknownCustomer(logger, stripeEvent.Id, billingEvent.CustomerId);
            return "ignored";
        }

        var outcome = await grains.GetGrain<IBillingGrain>(organizationId).ApplyEventAsync(billingEvent);
        LogApplied(logger, stripeEvent.Id, stripeEvent.Type, organizationId, outcome);
        return outcome switch
        {
            BillingEventOutcome.Applied => "applied",
            BillingEventOutcome.Duplicate => "duplicate",
            _ => "ignored",
        };
    }

    private static async Task<string> ReadBodyAsync(HttpRequest request, CancellationToken cancellationToken)
    {
        if (request.ContentLength > MaxBodyBytes)
        {
            throw new PayloadTooLargeException("The event is larger than any Stripe event.");
        }

        using var buffer = new MemoryStream();
        var chunk = new byte[16 * 1024];
        int read;
        while ((read = await request.Body.ReadAsync(chunk, cancellationToken)) > 0)
        {
            if (buffer.Length + read > MaxBodyBytes)
            {
                throw new PayloadTooLargeException("The event is larger than any Stripe event.");
            }

            buffer.Write(chunk, 0, read);
        }

        try
        {
            // The signature covers the exact bytes; a body that is not UTF-8 cannot be Stripe's.
            return new UTF8Encoding(false, throwOnInvalidBytes: true).GetString(buffer.GetBuffer(), 0, (int)buffer.Length);
        }
        catch (DecoderFallbackException)
        {
            throw new InvalidInputException("The event is not valid UTF-8.");
        }
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Stripe event {EventId} ({Type}) for organization {OrganizationId}: {Outcome}")]
    private static partial void LogApplied(ILogger logger, string eventId, string type, string organizationId, BillingEventOutcome outcome);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Stripe event {EventId} is about customer {CustomerId}, whom no organization owns; ignored")]
    private static partial void LogUnknownCustomer(ILogger logger, string eventId, string customerId);
}

/// <summary>The answer to Stripe: received, and what became of the event (applied, duplicate, ignored).</summary>
public sealed record WebhookReceipt(bool Received, string Outcome);
