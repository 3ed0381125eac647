using System.Diagnostics;
using System.Globalization;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using StackExchange.Redis;
using VetrAI.Cluster.TestSilo;
using VetrAI.Silo.Hosting;
using VetrAI.TestSupport;

namespace VetrAI.Cluster.Tests;

/// <summary>A cluster of real silo processes (<c>dotnet VetrAI.Cluster.TestSilo.dll</c>) on 127.0.0.1, with a cluster
/// id of its own in Redis, a fresh database (unless the test brings its own server) and test membership timings;
/// this test process is an Orleans client of it, composed as the client-only front end composes its client.
/// Disposing it kills every process it started, whatever the test did.</summary>
public sealed class TestCluster : IAsyncDisposable
{
    public const string ServiceId = "vetrai-cluster-tests";

    /// <summary>How long a grain call may take: a call in flight to a silo that dies ends by then at the latest.</summary>
    public static readonly TimeSpan CallTimeout = TimeSpan.FromSeconds(5);

    /// <summary>How long silos may take to start and become Active on a loaded 2-core machine.</summary>
    public static readonly TimeSpan StartTimeout = TimeSpan.FromSeconds(60);

    private readonly TestDatabase? _database;
    private readonly List<ClusterProcess> _processes = [];
    private readonly List<IHost> _clients = [];
    private readonly Dictionary<int, ClusterProcess> _silos = [];
    private readonly ConnectionMultiplexer _redis;
    private readonly Stopwatch _clock = Stopwatch.StartNew();
    private readonly List<string> _timeline = [];
    private IClusterClient? _client;

    private TestCluster(string redis, string databaseUrl, TestDatabase? database, MembershipSettings membership, ConnectionMultiplexer multiplexer)
    {
        Redis = redis;
        DatabaseUrl = databaseUrl;
        _database = database;
        Membership = membership;
        _redis = multiplexer;
        Rows = new MembershipRows(multiplexer, ServiceId, ClusterId);
    }

    public string ClusterId { get; } = TestRedis.NewClusterId();

    public string Redis { get; }

    public string DatabaseUrl { get; }

    public MembershipSettings Membership { get; }

    /// <summary>Settings every member gets on top of the cluster's (e.g. billing's).</summary>
    public IReadOnlyDictionary<string, string> ExtraSettings { get; private init; } = new Dictionary<string, string>();

    /// <summary>The membership table in Redis.</summary>
    public MembershipRows Rows { get; }

    /// <summary>The silo processes by silo port, including those that were stopped.</summary>
    public IReadOnlyDictionary<int, ClusterProcess> Silos => _silos;

    public IClusterClient Client => _client ?? throw new InvalidOperationException("The client has not started.");

    /// <summary>Starts <paramref name="siloCount"/> silos, waits until Redis lists them Active, then connects the
    /// client. <paramref name="redis"/> and <paramref name="databaseUrl"/> default to the servers ./test.sh started
    /// (a new database on it).</summary>
    public static async Task<TestCluster> StartAsync(
        int siloCount,
        MembershipSettings? membership = null,
        string? redis = null,
        string? databaseUrl = null,
        IReadOnlyDictionary<string, string>? extraSettings = null)
    {
        redis ??= TestRedis.Configuration;
        var database = databaseUrl is null ? await TestDatabase.CreateAsync("cluster") : null;
        TestCluster? cluster = null;
        try
        {
            var multiplexer = await ConnectionMultiplexer.ConnectAsync(redis);
            cluster = new TestCluster(redis, databaseUrl ?? database!.ConnectionString, database, membership ?? MembershipSettings.Tests, multiplexer)
            {
                ExtraSettings = extraSettings ?? new Dictionary<string, string>(),
            };
            for (var i = 0; i < siloCount; i++)
            {
                cluster.StartSilo();
            }

            await cluster.WaitForActiveSilosAsync(siloCount);
            cluster._client = await cluster.ConnectClientAsync();
            cluster.Note("client connected");
            return cluster;
        }
        catch
        {
            if (cluster is not null)
            {
                await cluster.DisposeAsync();
            }
            else if (database is not null)
            {
                await database.DisposeAsync();
            }

            throw;
        }
    }

    /// <summary>The settings every member of this cluster gets (a silo adds its ports).</summary>
    public Dictionary<string, string> Settings()
    {
        var environment = new Dictionary<string, string>
        {
            [ClusterSettings.RedisSetting] = Redis,
            [DatabaseConnectionString.Setting] = DatabaseUrl,
            [ClusterSettings.ClusterIdSetting] = ClusterId,
            [ClusterSettings.ServiceIdSetting] = ServiceId,
            [ClusterSettings.AdvertisedAddressSetting] = "127.0.0.1",
            [ClusterSettings.CallTimeoutSetting] = MembershipSettings.Milliseconds(CallTimeout),
            // Several processes share 2 cores: server GC would give each one heap per core.
            ["DOTNET_gcServer"] = "0",
            // Less JIT work while several processes start at once on 2 cores.
            ["DOTNET_TieredPGO"] = "0",
            ["Logging__Console__FormatterOptions__TimestampFormat"] = "HH:mm:ss.fff ",
            ["Logging__LogLevel__Orleans"] = "Warning",
        };
        Membership.AddTo(environment);
        foreach (var (name, value) in ExtraSettings)
        {
            environment[name] = value;
        }

        return environment;
    }

    /// <summary>Starts one more silo process on free ports.</summary>
    public ClusterProcess StartSilo()
    {
        var ports = TestPorts.Take(2);
        var environment = Settings();
        environment[ClusterSettings.SiloPortSetting] = ports[0].ToString(CultureInfo.InvariantCulture);
        environment[ClusterSettings.GatewayPortSetting] = ports[1].ToString(CultureInfo.InvariantCulture);
        var silo = StartProcess($"silo:{ports[0]}", BuiltApps.TestSilo, environment);
        _silos[ports[0]] = silo;
        Note($"started silo {ports[0]}");
        return silo;
    }

    /// <summary>Sends <paramref name="signal"/> (KILL, TERM) to the silo on <paramref name="port"/>.</summary>
    public void Signal(int port, string signal)
    {
        _silos[port].Signal(signal);
        Note($"SIG{signal} silo {port}");
    }

    public ClusterProcess StartProcess(string name, string dll, IReadOnlyDictionary<string, string> environment)
    {
        var process = ClusterProcess.Start(name, dll, environment);
        _processes.Add(process);
        return process;
    }

    /// <summary>A new client of this cluster, which finds the gateways in Redis; disposed with the cluster.</summary>
    public async Task<IClusterClient> ConnectClientAsync()
    {
        var builder = new HostApplicationBuilder(new HostApplicationBuilderSettings { DisableDefaults = true });
        builder.Configuration.AddInMemoryCollection(Settings()!);
        builder.UseOrleansClient(client => client.AddVetrAIClusterClient(builder.Configuration));
        var host = builder.Build();
        using var timeout = new CancellationTokenSource(StartTimeout);
        try
        {
            await host.StartAsync(timeout.Token);
        }
        catch
        {
            host.Dispose();
            throw;
        }

        _clients.Add(host);
        return host.Services.GetRequiredService<IClusterClient>();
    }

    public async Task<TimeSpan> WaitForActiveSilosAsync(int count)
    {
        var took = await Wait.UntilAsync(async () => await Rows.ActiveCountAsync() == count, StartTimeout, $"{count} Active silo(s) in Redis", DiagnosticsAsync);
        Note($"{count} silo(s) Active in Redis");
        return took;
    }

    /// <summary>Waits until Redis shows the newest incarnation on <paramref name="port"/> Dead; returns how long that took.</summary>
    public async Task<TimeSpan> WaitForDeadAsync(int port, TimeSpan timeout)
    {
        var took = await Wait.UntilAsync(async () => await Rows.StatusOfAsync(port) == SiloStatus.Dead, timeout, $"silo {port} to be Dead in Redis", DiagnosticsAsync);
        Note($"silo {port} Dead in Redis");
        return took;
    }

    /// <summary>The silo port holding each key's counter grain.</summary>
    public async Task<Dictionary<string, int>> OwnersAsync(IEnumerable<string> keys)
    {
        var owners = new Dictionary<string, int>();
        foreach (var key in keys)
        {
            owners[key] = await Client.GetGrain<ICounterGrain>(key).GetSiloPortAsync();
        }

        return owners;
    }

    /// <summary>What happened when, since the cluster was created (starts, kills, waits): for a test's output and
    /// a failed wait's message.</summary>
    public IReadOnlyList<string> Timeline
    {
        get
        {
            lock (_timeline)
            {
                return [.. _timeline];
            }
        }
    }

    public void Note(string what)
    {
        lock (_timeline)
        {
            _timeline.Add($"{_clock.Elapsed.TotalSeconds,6:0.00} s {what}");
        }
    }

    /// <summary>The timeline, the membership rows and the tail of every process's output, for a failed wait's message.</summary>
    public async Task<string> DiagnosticsAsync()
    {
        string rows;
        try
        {
            rows = string.Join(", ", await Rows.ReadAsync().WaitAsync(TimeSpan.FromSeconds(2)));
        }
        catch (Exception exception) when (exception is RedisException or TimeoutException)
        {
            rows = $"unreadable ({exception.Message})";
        }

        return string.Join(Environment.NewLine, Timeline) + Environment.NewLine
            + $"Membership in Redis: {rows}"
            + string.Concat(_processes.Select(p => $"{Environment.NewLine}--- {p.Describe()}:{Environment.NewLine}{p.Tail(40)}"));
    }

    public async ValueTask DisposeAsync()
    {
        try
        {
            foreach (var client in _clients)
            {
                using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(5));
                try
                {
                    await client.StopAsync(timeout.Token);
                }
                catch (Exception exception) when (exception is OperationCanceledException or OrleansException)
                {
                    // Its gateways are gone; nothing is left to say goodbye to.
                }

                client.Dispose();
            }
        }
        finally
        {
            foreach (var process in _processes)
            {
                await process.DisposeAsync();
            }

            await _redis.DisposeAsync();
            if (_database is not null)
            {
                await _database.DisposeAsync();
            }
        }
    }
}
