using System.Collections.Concurrent;
using Stripe;
using VetrAI.TestSupport;

namespace VetrAI.StripeStandIn.Tests;

/// <summary>One test's account on the stand-in: Stripe.net's own client for it (no automatic retries, so a test
/// sees each answer), and a webhook receiver that verifies every delivery with Stripe.net's signature check.</summary>
public sealed class TestAccount : IAsyncDisposable
{
    private readonly TestHttpServer _receiver;

    private TestAccount(StripeStandInAccount standIn, TestHttpServer receiver, WebhookInbox inbox)
    {
        StandIn = standIn;
        _receiver = receiver;
        Inbox = inbox;
        Stripe = NewClient(standIn.BaseUrl, standIn.SecretKey);
    }

    public StripeStandInAccount StandIn { get; }

    public StripeClient Stripe { get; }

    public WebhookInbox Inbox { get; }

    /// <summary>A fresh account whose webhooks go to a receiver answering what <paramref name="respond"/> says
    /// (default 200) to the n-th delivery.</summary>
    public static async Task<TestAccount> CreateAsync(StandInProcess standIn, Func<int, int>? respond = null)
    {
        var account = await StripeStandInAccount.CreateAsync(standIn.Url);
        var inbox = new WebhookInbox(account.WebhookSecret);
        var receiver = await TestHttpServer.StartAsync((request, count) =>
        {
            inbox.Receive(request);
            return Task.FromResult(respond?.Invoke(count) ?? 200);
        });
        await account.SetWebhookUrlAsync(new Uri(receiver.Url, "/webhooks/stripe"));
        return new TestAccount(account, receiver, inbox);
    }

    public static StripeClient NewClient(Uri standInUrl, string apiKey) => new(new StripeClientOptions
    {
        ApiKey = apiKey,
        ApiBase = standInUrl.ToString().TrimEnd('/'),
        HttpClient = new SystemNetHttpClient(new HttpClient(), maxNetworkRetries: 0),
    });

    public async Task<Customer> CreateCustomerAsync(string email = "owner@example.test") =>
        await Stripe.V1.Customers.CreateAsync(new CustomerCreateOptions { Email = email, Metadata = new() { ["organization_id"] = "org_1" } });

    public async ValueTask DisposeAsync()
    {
        await _receiver.DisposeAsync();
        StandIn.Dispose();
    }
}

/// <summary>The webhooks one account received, each verified as VetrAI verifies them:
/// <c>EventUtility.ConstructEvent(body, Stripe-Signature, secret)</c> with the default 300 s tolerance.</summary>
public sealed class WebhookInbox(string secret)
{
    private readonly ConcurrentQueue<Delivery> _deliveries = new();

    public IReadOnlyList<Delivery> Deliveries => [.. _deliveries];

    internal void Receive(RecordedRequest request)
    {
        var signature = request.Headers.GetValueOrDefault("Stripe-Signature") ?? "";
        Event? parsed = null;
        string? error = null;
        try
        {
            parsed = EventUtility.ConstructEvent(request.Body, signature, secret);
        }
        catch (StripeException e)
        {
            error = e.Message;
        }

        _deliveries.Enqueue(new Delivery(request.Body, signature, parsed, error));
    }

    /// <summary>Waits for a verified event of <paramref name="type"/> matching <paramref name="where"/>.</summary>
    public async Task<Event> WaitForAsync(string type, Func<Event, bool>? where = null)
    {
        Event? found = null;
        await Wait.ForAsync(() =>
        {
            var bad = _deliveries.FirstOrDefault(d => d.Error is not null);
            Assert.True(bad is null, $"A webhook failed Stripe.net's signature check: {bad?.Error}");
            found = _deliveries.Select(d => d.Event).FirstOrDefault(e => e!.Type == type && (where is null || where(e)));
            return found is not null;
        }, $"a verified {type} webhook");
        return found!;
    }

    public sealed record Delivery(string Body, string Signature, Event? Event, string? Error);
}
