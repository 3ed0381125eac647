using System.Globalization;
using System.Net;
using System.Net.Sockets;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using VetrAI.Runtime;
using VetrAI.TestSupport;

namespace VetrAI.Cluster.Tests;

/// <summary>A cluster of real silo processes on 127.0.0.1 over a fresh database, with test timings
/// (heartbeat and probe every 500 ms, failure timeout 4 s), and this test process as a cluster client
/// (a front end without a silo, as a client-mode front end is).</summary>
public sealed class TestCluster : IAsyncDisposable
{
    public static readonly TimeSpan Heartbeat = TimeSpan.FromMilliseconds(500);
    // Under 5 s as DESIGN.md asks of test settings, with room for a heartbeat starved by a loaded machine
    // (CI runs the other test assemblies, and a whole Release build, at the same time).
    public static readonly TimeSpan FailureTimeout = TimeSpan.FromSeconds(4);
    public static readonly TimeSpan CallTimeout = TimeSpan.FromSeconds(10);
    public const string Secret = "cluster-tests-secret";

    private static int _nextPort = 57000 + (System.Environment.ProcessId % 40) * 20;

    private readonly TestDatabase _database;
    private readonly List<ClusterProcess> _processes = [];
    private IHost? _client;

    private TestCluster(TestDatabase database, string clusterId)
    {
        _database = database;
        ClusterId = clusterId;
    }

    public string ClusterId { get; }

    public string ConnectionString => _database.ConnectionString;

    public IReadOnlyDictionary<int, ClusterProcess> Silos => _silos;

    public IGrainFactory Grains => _client!.Services.GetRequiredService<IGrainFactory>();

    public IClusterHealth Health => _client!.Services.GetRequiredService<IClusterHealth>();

    private readonly Dictionary<int, ClusterProcess> _silos = [];

    public static async Task<TestCluster> StartAsync(int siloCount, string? siloDll = null)
    {
        var cluster = new TestCluster(await TestDatabase.CreateAsync("cluster"), "c" + Guid.NewGuid().ToString("N")[..8]);
        try
        {
            for (var i = 0; i < siloCount; i++)
            {
                cluster.StartSilo(siloDll ?? BuiltApps.TestSilo);
            }

            await cluster.StartClientAsync();
            await cluster.WaitForActiveSilosAsync(siloCount, TimeSpan.FromSeconds(120));
            return cluster;
        }
        catch
        {
            await cluster.DisposeAsync();
            throw;
        }
    }

    /// <summary>The environment every member of this cluster gets.</summary>
    public Dictionary<string, string> Environment(int? clusterPort = null)
    {
        var environment = new Dictionary<string, string>
        {
            ["VETRAI_DATABASE_URL"] = _database.ConnectionString,
            ["VETRAI_CLUSTER_ID"] = ClusterId,
            ["VETRAI_CLUSTER_SECRET"] = Secret,
            ["VETRAI_ADVERTISED_ADDRESS"] = "127.0.0.1",
            ["VETRAI_CLUSTER_HEARTBEAT_INTERVAL"] = Milliseconds(Heartbeat),
            ["VETRAI_CLUSTER_PROBE_INTERVAL"] = Milliseconds(Heartbeat),
            ["VETRAI_CLUSTER_FAILURE_TIMEOUT"] = Milliseconds(FailureTimeout),
            ["VETRAI_CALL_TIMEOUT"] = Milliseconds(CallTimeout),
            ["DOTNET_gcServer"] = "0",
            ["Logging__Console__FormatterName"] = "simple",
        };
        if (clusterPort is { } port)
        {
            environment["VETRAI_CLUSTER_PORT"] = port.ToString(CultureInfo.InvariantCulture);
        }

        return environment;
    }

    public ClusterProcess StartSilo(string dll)
    {
        var port = FreePort();
        var silo = ClusterProcess.Start($"silo:{port}", dll, Environment(port));
        _processes.Add(silo);
        _silos[port] = silo;
        return silo;
    }

    public ClusterProcess StartProcess(string name, string dll, Dictionary<string, string> environment)
    {
        var process = ClusterProcess.Start(name, dll, environment);
        _processes.Add(process);
        return process;
    }

    public Task WaitForActiveSilosAsync(int count, TimeSpan timeout) =>
        Wait.UntilAsync(() => Health.ActiveSiloCount == count, timeout, $"{count} active silo(s) in the client's view", Diagnostics);

    public SiloStatus? StatusOf(int port) =>
        Health.Silos.Where(s => s.Address.Port == port).OrderByDescending(s => s.Address.Generation).Select(s => (SiloStatus?)s.Status).FirstOrDefault();

    public string Diagnostics() =>
        "View: " + string.Join(", ", Health.Silos.Select(s => $"{s.Address}={s.Status}({s.ActivationCount})"))
        + string.Concat(_processes.Select(p => $"{System.Environment.NewLine}--- {p.Name} (pid {p.Pid}{(p.HasExited ? $", exited {p.ExitCode}" : "")}):{System.Environment.NewLine}{Tail(p.Output)}"));

    public async ValueTask DisposeAsync()
    {
        if (_client is not null)
        {
            await _client.StopAsync();
            _client.Dispose();
        }

        foreach (var process in _processes)
        {
            await process.DisposeAsync();
        }

        await _database.DisposeAsync();
    }

    private async Task StartClientAsync()
    {
        var builder = Host.CreateApplicationBuilder();
        builder.Logging.ClearProviders();
        builder.Services.AddVetrAIClusterClient(options =>
        {
            options.ConnectionString = _database.ConnectionString;
            options.ClusterId = ClusterId;
            options.Secret = Secret;
            options.ProbeInterval = Heartbeat;
            options.IAmAliveInterval = Heartbeat;
            options.FailureTimeout = FailureTimeout;
            options.CallTimeout = CallTimeout;
        });
        _client = builder.Build();
        await _client.StartAsync();
    }

    private static string Milliseconds(TimeSpan value) => ((long)value.TotalMilliseconds).ToString(CultureInfo.InvariantCulture);

    private static string Tail(string output)
    {
        var lines = output.Split('\n');
        return string.Join('\n', lines.Skip(Math.Max(0, lines.Length - 40)));
    }

    public static int FreePort()
    {
        for (var attempt = 0; attempt < 1000; attempt++)
        {
            var port = 57000 + ((Interlocked.Increment(ref _nextPort) - 57000) % 1000);
            try
            {
                using var listener = new TcpListener(IPAddress.Loopback, port);
                listener.Start();
                return port;
            }
            catch (SocketException)
            {
            }
        }

        throw new InvalidOperationException("No free TCP port in 57000-57999.");
    }
}
