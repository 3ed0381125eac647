using Orleans.TestingHost;
using VetrAI.Silo.Hosting;

namespace VetrAI.Grains.Tests.Hosting;

/// <summary>Orleans' in-process test cluster with one silo that hosts what a real VetrAI silo hosts
/// (<see cref="SiloHosting.AddVetrAIGrainHosting"/>: schema migration, state and reminders in PostgreSQL, every
/// grain), on the cluster's own in-memory membership and transport instead of Redis. A new one with the same
/// database and service id finds the state and reminders the last one left: that is how tests restart "the host".</summary>
internal sealed class TestGrainCluster : IAsyncDisposable
{
    private readonly InProcessTestCluster _cluster;

    private TestGrainCluster(InProcessTestCluster cluster) => _cluster = cluster;

    /// <summary>The cluster client: grain calls go through serialization, as a front end's do.</summary>
    public IGrainFactory Grains => _cluster.Client;

    /// <summary>The silo's services.</summary>
    public IServiceProvider Services => _cluster.Silos[0].ServiceProvider;

    /// <param name="connectionString">The test database.</param>
    /// <param name="serviceId">Orleans' ServiceId, which keys every state and reminder row: fixed per fixture, so a
    /// restarted cluster sees the rows (the test cluster would pick a random one).</param>
    /// <param name="configure">Test replacements, applied after the VetrAI registrations so they win over their
    /// TryAdd defaults.</param>
    public static async Task<TestGrainCluster> StartAsync(string connectionString, string serviceId, Action<ISiloBuilder>? configure = null)
    {
        var builder = new InProcessTestClusterBuilder(1);
        builder.Options.ServiceId = serviceId;
        // Its default writes a log file per silo and client into the working directory.
        builder.Options.ConfigureFileLogging = false;
        builder.ConfigureSilo((_, silo) =>
        {
            silo.AddVetrAIGrainHosting(connectionString);
            configure?.Invoke(silo);
        });
        var cluster = builder.Build();
        try
        {
            await cluster.DeployAsync();
        }
        catch
        {
            await cluster.DisposeAsync();
            throw;
        }

        return new TestGrainCluster(cluster);
    }

    /// <summary>Stops the silo gracefully (activations deactivate and write what they hold; reminders stay in the
    /// database), then drops the cluster.</summary>
    public async ValueTask DisposeAsync()
    {
        await _cluster.StopAllSilosAsync();
        await _cluster.DisposeAsync();
    }
}
