using VetrAI.TestSupport;

namespace VetrAI.Grains.Tests.Hosting;

/// <summary>One database and one test cluster shared by the tests of a class (tests of one class run one after
/// the other; each uses keys of its own). Restarting keeps the database and the service id.</summary>
public abstract class GrainClusterFixture(string databasePrefix) : IAsyncLifetime
{
    private TestDatabase? _database;
    private TestGrainCluster? _cluster;

    internal string ServiceId { get; } = $"grains-tests-{Guid.NewGuid():N}";

    internal string ConnectionString => Database.ConnectionString;

    internal IGrainFactory Grains => Cluster.Grains;

    internal IServiceProvider Services => Cluster.Services;

    private TestDatabase Database => _database ?? throw new InvalidOperationException("The fixture is not initialized.");

    private TestGrainCluster Cluster => _cluster ?? throw new InvalidOperationException("The cluster is stopped.");

    public async Task InitializeAsync()
    {
        _database = await TestDatabase.CreateAsync(databasePrefix);
        await StartAsync();
    }

    public async Task DisposeAsync()
    {
        await StopAsync();
        if (_database is not null)
        {
            await _database.DisposeAsync();
        }
    }

    /// <summary>Starts a new cluster on the same database and service id (after <see cref="StopAsync"/>).</summary>
    internal async Task StartAsync()
    {
        if (_cluster is not null)
        {
            throw new InvalidOperationException("The cluster is running already.");
        }

        _cluster = await TestGrainCluster.StartAsync(Database.ConnectionString, ServiceId, Configure);
    }

    /// <summary>Stops the silo gracefully and drops the cluster.</summary>
    internal async Task StopAsync()
    {
        if (_cluster is null)
        {
            return;
        }

        var cluster = _cluster;
        _cluster = null;
        await cluster.DisposeAsync();
    }

    /// <summary>Stops the cluster and starts a new one on the same database and service id.</summary>
    internal async Task RestartAsync()
    {
        await StopAsync();
        await StartAsync();
    }

    /// <summary>What the tests of the class replace or tune in the silo.</summary>
    private protected abstract void Configure(ISiloBuilder silo);
}
