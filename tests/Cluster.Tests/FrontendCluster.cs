namespace VetrAI.Cluster.Tests;

/// <summary>Two silo processes and two client-only front ends, shared by the tests that only read and validate
/// (membership stays stable): one start instead of one per test.</summary>
public sealed class FrontendCluster : IAsyncLifetime
{
    private TestCluster? _cluster;
    private FrontendProcess? _first;
    private FrontendProcess? _second;

    public TestCluster Cluster => _cluster ?? throw new InvalidOperationException("Not started.");

    public FrontendProcess First => _first ?? throw new InvalidOperationException("Not started.");

    public FrontendProcess Second => _second ?? throw new InvalidOperationException("Not started.");

    public async Task InitializeAsync()
    {
        _cluster = await TestCluster.StartAsync(2);
        var frontends = await Task.WhenAll(FrontendProcess.StartAsync(_cluster), FrontendProcess.StartAsync(_cluster));
        (_first, _second) = (frontends[0], frontends[1]);
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
    }
}

[CollectionDefinition(Name)]
public sealed class FrontendCollection : ICollectionFixture<FrontendCluster>
{
    public const string Name = "Two client-only front ends over two silos";
}
