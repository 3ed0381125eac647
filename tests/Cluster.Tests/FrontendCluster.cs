using VetrAI.TestSupport;

namespace VetrAI.Cluster.Tests;

/// <summary>Two silo processes and two client-only front ends, shared by the tests that only read and validate
/// (membership stays stable): one start instead of one per test. Billing is on, with an account of its own at
/// the Stripe stand-in whose webhooks go to the first front end.</summary>
public sealed class FrontendCluster : IAsyncLifetime
{
    private StripeStandInAccount? _stripe;
    private TestCluster? _cluster;
    private FrontendProcess? _first;
    private FrontendProcess? _second;

    public TestCluster Cluster => _cluster ?? throw new InvalidOperationException("Not started.");

    public FrontendProcess First => _first ?? throw new InvalidOperationException("Not started.");

    public FrontendProcess Second => _second ?? throw new InvalidOperationException("Not started.");

    public StripeStandInAccount Stripe => _stripe ?? throw new InvalidOperationException("Not started.");

    public async Task InitializeAsync()
    {
        _stripe = await StripeStandInAccount.CreateAsync(StripeStandInAccount.StandInUrlFromEnvironment());
        _cluster = await TestCluster.StartAsync(2, extraSettings: new Dictionary<string, string>
        {
            ["VETRAI_STRIPE_API_BASE"] = _stripe.BaseUrl.ToString(),
            ["VETRAI_STRIPE_SECRET_KEY"] = _stripe.SecretKey,
            ["VETRAI_STRIPE_WEBHOOK_SECRET"] = _stripe.WebhookSecret,
            ["VETRAI_STRIPE_PRICE_PRO"] = "price_vetrai_pro",
            ["VETRAI_STRIPE_PRICE_ENTERPRISE"] = "price_vetrai_enterprise",
        });
        var frontends = await Task.WhenAll(FrontendProcess.StartAsync(_cluster), FrontendProcess.StartAsync(_cluster));
        (_first, _second) = (frontends[0], frontends[1]);
        await _stripe.SetWebhookUrlAsync(new Uri(_first.Http.BaseAddress!, "/api/v1/webhooks/stripe"));
    }

    public async Task DisposeAsync()
    {
        if (_second is not null)
        {
            await _second.DisposeAsync();
        }

        if (_first is not null)
        {
            await _first.DisposeAsync();
        }

        if (_cluster is not null)
        {
            await _cluster.DisposeAsync();
        }

        _stripe?.Dispose();
    }
}

[CollectionDefinition(Name)]
public sealed class FrontendCollection : ICollectionFixture<FrontendCluster>
{
    public const string Name = "Two client-only front ends over two silos";
}
