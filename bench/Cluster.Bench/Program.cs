using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Sockets;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Orleans.Configuration;
using VetrAI.Cluster.Bench;

// Remote grain calls per second between two Orleans silo processes. This process hosts silo A and starts
// silo B as a child process (this same program with "silo"); both join one cluster whose membership is in
// the Redis of VETRAI_REDIS_URL, and talk over loopback TCP. Silo A then calls ping grains that live on
// silo B, each caller awaiting one call at a time, at several numbers of calls in flight.
//
//   VETRAI_REDIS_URL=127.0.0.1:6379 dotnet bench/Cluster.Bench/bin/Release/net10.0/VetrAI.Cluster.Bench.dll [seconds-per-level]
// (bench/cluster-calls.sh starts a Redis of its own and runs it.)
var redis = Environment.GetEnvironmentVariable("VETRAI_REDIS_URL")
    ?? throw new InvalidOperationException("Set VETRAI_REDIS_URL to a Redis the benchmark may use (bench/cluster-calls.sh starts one).");
if (args is ["silo", var cluster, var port])
{
    using var silo = BuildSilo(redis, cluster, int.Parse(port, CultureInfo.InvariantCulture));
    await silo.StartAsync();
    // Standard input is the parent's pipe: it ends when the parent exits, however it exits.
    await Console.In.ReadToEndAsync();
    await silo.StopAsync();
    return;
}

var secondsPerLevel = args.Length > 0 ? int.Parse(args[0], CultureInfo.InvariantCulture) : 10;
var clusterId = "bench-" + Guid.NewGuid().ToString("N")[..8];
var child = new ProcessStartInfo("dotnet") { UseShellExecute = false, RedirectStandardInput = true };
child.ArgumentList.Add(typeof(PingGrain).Assembly.Location);
child.ArgumentList.Add("silo");
child.ArgumentList.Add(clusterId);
child.ArgumentList.Add(FreePort().ToString(CultureInfo.InvariantCulture));
using var siloB = Process.Start(child)!;
try
{
    using var siloA = BuildSilo(redis, clusterId, FreePort());
    await siloA.StartAsync();
    await WaitForActiveSilosAsync(siloA.Services, 2, TimeSpan.FromSeconds(120));

    var grains = siloA.Services.GetRequiredService<IGrainFactory>();
    var remoteKeys = await RemoteKeysAsync(grains, siloA.Services.GetRequiredService<ILocalSiloDetails>().SiloAddress.ToString(), 1024);
    Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
        $"Remote grain calls from silo A to silo B (Orleans, {Environment.ProcessorCount} cores, {secondsPerLevel} s per level, load average {LoadAverage()})"));
    Console.WriteLine("| in flight | calls/s | p50 ms | p99 ms |");
    Console.WriteLine("|---:|---:|---:|---:|");
    Func<int, Task> ping = i => grains.GetGrain<IPingGrain>(remoteKeys[i % remoteKeys.Length]).PingAsync(i);
    await RunAsync(ping, 64, TimeSpan.FromSeconds(3), print: false);
    foreach (var concurrency in new[] { 1, 16, 64, 256 })
    {
        await RunAsync(ping, concurrency, TimeSpan.FromSeconds(secondsPerLevel), print: true);
    }

    await siloA.StopAsync();
}
finally
{
    siloB.StandardInput.Close();
    if (!siloB.WaitForExit(TimeSpan.FromSeconds(30)))
    {
        siloB.Kill();
    }
}

static IHost BuildSilo(string redis, string clusterId, int siloPort)
{
    var builder = Host.CreateApplicationBuilder();
    builder.Logging.SetMinimumLevel(LogLevel.Error);
    builder.UseOrleans(silo => silo
        .Configure<ClusterOptions>(options =>
        {
            options.ClusterId = clusterId;
            options.ServiceId = "vetrai-bench";
        })
        .ConfigureEndpoints(IPAddress.Loopback, siloPort, gatewayPort: 0)
        .UseRedisClustering(redis));
    return builder.Build();
}

static async Task WaitForActiveSilosAsync(IServiceProvider services, int count, TimeSpan timeout)
{
    var membership = services.GetRequiredService<IClusterMembershipService>();
    var waited = Stopwatch.StartNew();
    while (membership.CurrentSnapshot.Members.Values.Count(m => m.Status == SiloStatus.Active) < count)
    {
        if (waited.Elapsed > timeout)
        {
            throw new TimeoutException($"Fewer than {count} silos were active after {timeout.TotalSeconds:0} s.");
        }

        await Task.Delay(100);
    }
}

// Keys whose grains random placement put on the other silo: activates candidates in batches and keeps
// those that answer from a silo other than this one.
static async Task<string[]> RemoteKeysAsync(IGrainFactory grains, string localSilo, int count)
{
    var remote = new List<string>(count);
    for (var batch = 0; remote.Count < count; batch++)
    {
        if (batch == 100)
        {
            throw new InvalidOperationException("Placement put no grain on the other silo.");
        }

        var keys = Enumerable.Range(batch * 256, 256).Select(i => $"ping-{i}").ToArray();
        var silos = await Task.WhenAll(keys.Select(k => grains.GetGrain<IPingGrain>(k).WhereAsync()));
        remote.AddRange(keys.Where((_, i) => silos[i] != localSilo));
    }

    return [.. remote.Take(count)];
}

static async Task RunAsync(Func<int, Task> call, int concurrency, TimeSpan duration, bool print)
{
    var latencies = new List<double>[concurrency];
    var stop = Stopwatch.StartNew();
    var workers = Enumerable.Range(0, concurrency).Select(async worker =>
    {
        var mine = latencies[worker] = new List<double>(100_000);
        var i = worker;
        while (stop.Elapsed < duration)
        {
            var started = Stopwatch.GetTimestamp();
            await call(i);
            mine.Add(Stopwatch.GetElapsedTime(started).TotalMilliseconds);
            i += concurrency;
        }
    }).ToArray();
    await Task.WhenAll(workers);
    var elapsed = stop.Elapsed.TotalSeconds;
    var all = latencies.SelectMany(l => l).Order().ToArray();
    if (print)
    {
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"| {concurrency} | {all.Length / elapsed:N0} | {all[all.Length / 2]:0.00} | {all[(int)(all.Length * 0.99)]:0.00} |"));
    }
}

static int FreePort()
{
    using var listener = new TcpListener(IPAddress.Loopback, 0);
    listener.Start();
    return ((IPEndPoint)listener.LocalEndpoint).Port;
}

static string LoadAverage() => File.Exists("/proc/loadavg") ? File.ReadAllText("/proc/loadavg").Split(' ')[0] : "n/a";
