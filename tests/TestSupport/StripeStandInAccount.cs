using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Security.Cryptography;
using System.Text.Json;

namespace VetrAI.TestSupport;

/// <summary>A fresh account on the Stripe stand-in (standins/Stripe): its own random test key, so tests sharing
/// one stand-in never see each other's objects or webhooks, with one webhook endpoint, and the stand-in's control
/// endpoints (/_standin/...) to act as the customer or as time would.</summary>
public sealed class StripeStandInAccount : IDisposable
{
    /// <summary>Where the endpoint points until a test gives it its receiver: a port nothing listens on (discard).</summary>
    public static readonly Uri PlaceholderWebhookUrl = new("http://127.0.0.1:9/no-receiver-yet");

    private readonly HttpClient _http;

    private StripeStandInAccount(HttpClient http, Uri baseUrl, string secretKey, string webhookEndpointId, string webhookSecret)
    {
        _http = http;
        BaseUrl = baseUrl;
        SecretKey = secretKey;
        WebhookEndpointId = webhookEndpointId;
        WebhookSecret = webhookSecret;
    }

    public Uri BaseUrl { get; }

    public string SecretKey { get; }

    public string WebhookEndpointId { get; }

    /// <summary>The endpoint's signing secret (whsec_...), as Stripe shows it once, on creation.</summary>
    public string WebhookSecret { get; }

    /// <summary>The stand-in ./test.sh started, from VETRAI_TEST_STRIPE_URL.</summary>
    public static Uri StandInUrlFromEnvironment() =>
        Environment.GetEnvironmentVariable("VETRAI_TEST_STRIPE_URL") is { Length: > 0 } url
            ? new Uri(url)
            : throw new InvalidOperationException(
                "VETRAI_TEST_STRIPE_URL is not set: run the tests with ./test.sh, which starts the Stripe stand-in and sets it.");

    public static async Task<StripeStandInAccount> CreateAsync(Uri standInUrl, CancellationToken cancellationToken = default)
    {
        var secretKey = "sk_test_" + Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(16));
        var http = new HttpClient { BaseAddress = standInUrl, Timeout = TimeSpan.FromSeconds(60) };
        http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", secretKey);
        try
        {
            using var response = await http.PostAsync(new Uri("/v1/webhook_endpoints", UriKind.Relative), new FormUrlEncodedContent(
            [
                new("url", PlaceholderWebhookUrl.ToString()),
                new("enabled_events[0]", "*"),
            ]), cancellationToken);
            using var endpoint = await ReadAsync(response, "creating the webhook endpoint", cancellationToken);
            return new StripeStandInAccount(http, standInUrl, secretKey,
                endpoint.RootElement.GetProperty("id").GetString()!, endpoint.RootElement.GetProperty("secret").GetString()!);
        }
        catch
        {
            http.Dispose();
            throw;
        }
    }

    /// <summary>Points the account's webhook endpoint at a receiver; deliveries still being retried go there too.</summary>
    public async Task SetWebhookUrlAsync(Uri url, CancellationToken cancellationToken = default)
    {
        using var response = await _http.PostAsync(new Uri($"/v1/webhook_endpoints/{WebhookEndpointId}", UriKind.Relative),
            new FormUrlEncodedContent([new("url", url.ToString())]), cancellationToken);
        (await ReadAsync(response, "changing the webhook URL", cancellationToken)).Dispose();
    }

    /// <summary>The customer pays on the Checkout page; returns the subscription it started.</summary>
    public Task<JsonDocument> CompleteCheckoutAsync(string sessionId, CancellationToken cancellationToken = default) =>
        ControlAsync(HttpMethod.Post, $"checkout/sessions/{sessionId}/complete", null, cancellationToken);

    /// <summary>Time moves to the end of the subscription's period (or trial) and Stripe renews or ends it;
    /// returns the subscription.</summary>
    public Task<JsonDocument> AdvanceAsync(string subscriptionId, CancellationToken cancellationToken = default) =>
        ControlAsync(HttpMethod.Post, $"subscriptions/{subscriptionId}/advance", null, cancellationToken);

    /// <summary>From now on the customer's card declines (true) or pays (false).</summary>
    public async Task SetPaymentsFailAsync(string customerId, bool fail, CancellationToken cancellationToken = default) =>
        (await ControlAsync(HttpMethod.Post, $"customers/{customerId}/payments", new { fail }, cancellationToken)).Dispose();

    /// <summary>Pays an open invoice (after a failed payment); returns the invoice.</summary>
    public Task<JsonDocument> PayInvoiceAsync(string invoiceId, CancellationToken cancellationToken = default) =>
        ControlAsync(HttpMethod.Post, $"invoices/{invoiceId}/pay", null, cancellationToken);

    /// <summary>The account's next <paramref name="count"/> API requests answer <paramref name="status"/>; with
    /// <paramref name="afterProcessing"/> they are carried out all the same (a lost response).</summary>
    public async Task InjectFaultsAsync(int status, int count, bool afterProcessing, CancellationToken cancellationToken = default) =>
        (await ControlAsync(HttpMethod.Post, "faults", new { status, count, after_processing = afterProcessing }, cancellationToken)).Dispose();

    public async Task ClearFaultsAsync(CancellationToken cancellationToken = default) =>
        (await ControlAsync(HttpMethod.Delete, "faults", null, cancellationToken)).Dispose();

    /// <summary>Holds webhook deliveries (<paramref name="paused"/>), or delivers an API call's events before
    /// answering it (<paramref name="deliverBeforeResponse"/>).</summary>
    public async Task SetWebhooksAsync(bool paused, bool deliverBeforeResponse, CancellationToken cancellationToken = default) =>
        (await ControlAsync(HttpMethod.Post, "webhooks", new { paused, deliver_before_response = deliverBeforeResponse }, cancellationToken)).Dispose();

    /// <summary>Delivers an old event again (same id and body, fresh signature), as Stripe's "resend" does.</summary>
    public async Task ResendEventAsync(string eventId, CancellationToken cancellationToken = default) =>
        (await ControlAsync(HttpMethod.Post, $"events/{eventId}/resend", null, cancellationToken)).Dispose();

    /// <summary>Every event of the account, oldest first, with its delivery attempts.</summary>
    public async Task<IReadOnlyList<StandInEvent>> EventsAsync(CancellationToken cancellationToken = default)
    {
        using var list = await ControlAsync(HttpMethod.Get, "events", null, cancellationToken);
        return [.. list.RootElement.GetProperty("data").EnumerateArray().Select(e => new StandInEvent(
            e.GetProperty("id").GetString()!,
            e.GetProperty("type").GetString()!,
            e.GetProperty("event").Clone(),
            [.. e.GetProperty("attempts").EnumerateArray().Select(a => new StandInDeliveryAttempt(
                a.GetProperty("url").GetString()!,
                a.GetProperty("attempt").GetInt32(),
                a.GetProperty("status_code").ValueKind == JsonValueKind.Number ? a.GetProperty("status_code").GetInt32() : null,
                a.GetProperty("error").GetString(),
                DateTimeOffset.FromUnixTimeMilliseconds(a.GetProperty("at").GetInt64())))]))];
    }

    /// <summary>The meter events the account received, as Stripe recorded them.</summary>
    public async Task<IReadOnlyList<JsonElement>> MeterEventsAsync(CancellationToken cancellationToken = default)
    {
        using var list = await ControlAsync(HttpMethod.Get, "meter_events", null, cancellationToken);
        return [.. list.RootElement.GetProperty("data").EnumerateArray().Select(e => e.Clone())];
    }

    public void Dispose() => _http.Dispose();

    private async Task<JsonDocument> ControlAsync(HttpMethod method, string path, object? body, CancellationToken cancellationToken)
    {
        using var request = new HttpRequestMessage(method, new Uri("/_standin/" + path, UriKind.Relative))
        {
            Content = body is null ? null : JsonContent.Create(body),
        };
        using var response = await _http.SendAsync(request, cancellationToken);
        return await ReadAsync(response, $"{method} /_standin/{path}", cancellationToken);
    }

    private static async Task<JsonDocument> ReadAsync(HttpResponseMessage response, string what, CancellationToken cancellationToken)
    {
        var text = await response.Content.ReadAsStringAsync(cancellationToken);
        if (!response.IsSuccessStatusCode)
        {
            throw new StripeStandInException((int)response.StatusCode, $"The Stripe stand-in answered {(int)response.StatusCode} to {what}: {text}");
        }

        return JsonDocument.Parse(text);
    }
}

/// <summary>An event the stand-in created, with its JSON and every attempt to deliver it.</summary>
public sealed record StandInEvent(string Id, string Type, JsonElement Json, IReadOnlyList<StandInDeliveryAttempt> Attempts);

/// <summary>One webhook POST: the status code the receiver answered, or the connection error.</summary>
public sealed record StandInDeliveryAttempt(string Url, int Attempt, int? StatusCode, string? Error, DateTimeOffset At);

/// <summary>A control call the stand-in refused (e.g. 402 when completing a checkout whose card declines).</summary>
public sealed class StripeStandInException(int status, string message) : Exception(message)
{
    public int Status { get; } = status;
}
