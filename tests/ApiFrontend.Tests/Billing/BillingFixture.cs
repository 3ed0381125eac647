using System.Globalization;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using VetrAI.ApiFrontend.Tests.Infrastructure;
using VetrAI.TestSupport;

namespace VetrAI.ApiFrontend.Tests.Billing;

/// <summary>The front end with billing on the local Stripe stand-in (a real process, started by test.sh): an
/// account of its own there, whose webhooks come to this front end. Short grace period and usage periods.</summary>
public sealed class BillingFixture : ApiFixture, IAsyncLifetime
{
    public const string ProPrice = "price_vetrai_pro";
    public const string EnterprisePrice = "price_vetrai_enterprise";
    public static readonly TimeSpan GracePeriod = TimeSpan.FromSeconds(3);

    private StripeStandInAccount? _stripe;
    private HttpClient? _stripeClient;

    /// <summary>This fixture's account at the stand-in.</summary>
    public StripeStandInAccount Stripe => _stripe ?? throw new InvalidOperationException("The fixture has not started.");

    protected override void Configure(TestFrontendOptions options)
    {
        options.Settings["VETRAI_STRIPE_API_BASE"] = Stripe.BaseUrl.ToString();
        options.Settings["VETRAI_STRIPE_SECRET_KEY"] = Stripe.SecretKey;
        options.Settings["VETRAI_STRIPE_WEBHOOK_SECRET"] = Stripe.WebhookSecret;
        options.Settings["VETRAI_STRIPE_PRICE_PRO"] = ProPrice;
        options.Settings["VETRAI_STRIPE_PRICE_ENTERPRISE"] = EnterprisePrice;
        options.Settings["VETRAI_BILLING_GRACE_PERIOD"] = GracePeriod.TotalMilliseconds.ToString(CultureInfo.InvariantCulture);
        // Usage is reported per minute here (a day in production), 3 s after the minute, once keys flushed (1 s).
        options.Settings["VETRAI_BILLING_USAGE_REPORT_PERIOD"] = "00:01:00";
        options.Settings["VETRAI_BILLING_USAGE_REPORT_DELAY"] = "3000";
        options.Settings["ApiKeys:UsageFlushInterval"] = "00:00:01";
        options.Settings["ApiKeys:LimitsRefreshInterval"] = "00:10:00";
    }

    public new async Task InitializeAsync()
    {
        _stripe = await StripeStandInAccount.CreateAsync(StripeStandInAccount.StandInUrlFromEnvironment(), CancellationToken.None);
        _stripeClient = new HttpClient { BaseAddress = _stripe.BaseUrl, Timeout = TimeSpan.FromSeconds(30) };
        _stripeClient.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", _stripe.SecretKey);
        await base.InitializeAsync();
        await Stripe.SetWebhookUrlAsync(new Uri(Frontend.BaseAddress, "api/v1/webhooks/stripe"), CancellationToken.None);
    }

    /// <summary>An object as Stripe's API shows it to this account (e.g. <c>subscriptions/sub_x</c>).</summary>
    public async Task<JsonElement> StripeGetAsync(string path)
    {
        using var response = await _stripeClient!.GetAsync($"v1/{path}");
        var text = await response.Content.ReadAsStringAsync();
        Assert.True(response.IsSuccessStatusCode, $"GET v1/{path}: {(int)response.StatusCode} {text}");
        return JsonDocument.Parse(text).RootElement.Clone();
    }

    /// <summary>A Stripe-Signature header for <paramref name="payload"/>, signed at <paramref name="timestamp"/> (now)
    /// with <paramref name="secret"/> (the endpoint's by default).</summary>
    public string Sign(string payload, DateTimeOffset? timestamp = null, string? secret = null) =>
        StripeSignatures.Sign(payload, secret ?? Stripe.WebhookSecret, timestamp ?? DateTimeOffset.UtcNow);

    /// <summary>Posts <paramref name="payload"/> to the webhook endpoint with <paramref name="signature"/>.</summary>
    public async Task<HttpResponseMessage> PostWebhookAsync(string payload, string? signature)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, "/api/v1/webhooks/stripe")
        {
            Content = new StringContent(payload, Encoding.UTF8, "application/json"),
        };
        if (signature is not null)
        {
            request.Headers.TryAddWithoutValidation("Stripe-Signature", signature);
        }

        return await Client.SendAsync(request);
    }

    public new async Task DisposeAsync()
    {
        _stripeClient?.Dispose();
        _stripe?.Dispose();
        await base.DisposeAsync();
    }
}
