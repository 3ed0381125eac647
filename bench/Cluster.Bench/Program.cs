using System.Diagnostics;
using System.Globalization;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using VetrAI.Cluster.Bench;
using VetrAI.Runtime;
using VetrAI.Runtime.Placement;

// Remote grain calls per second between two silo processes. This process hosts silo A and starts
// silo B as a child process (this same program with "silo"); both join one cluster over the
// database in VETRAI_DATABASE_URL. Silo A then calls ping grains that placement puts on silo B, one
// call per HTTP/2 request, at several concurrency levels. Last, it measures grain-state writes on
// grains silo A owns (each write fenced by A's membership row) next to the same writes on a silo
// outside any cluster (no fence), over the same database.
//
//   VETRAI_DATABASE_URL="Host=127.0.0.1;Port=5432;Username=postgres;Database=postgres" \
//     dotnet run -c Release --project bench/Cluster.Bench [seconds-per-level]
var connectionString = Environment.GetEnvironmentVariable("VETRAI_DATABASE_URL")
    ?? throw new InvalidOperationException("Set VETRAI_DATABASE_URL to a PostgreSQL database the bench may use.");
if (args is ["silo", var siloPort, var siloCluster])
{
    using var silo = BuildSilo(connectionString, int.Parse(siloPort, CultureInfo.InvariantCulture), siloCluster, LogLevel.Warning);
    await silo.RunAsync();
    return;
}

var secondsPerLevel = args.Length > 0 ? int.Parse(args[0], CultureInfo.InvariantCulture) : 10;
var clusterId = "bench-" + Guid.NewGuid().ToString("N")[..8];
var portA = int.Parse(Environment.GetEnvironmentVariable("BENCH_PORT_A") ?? "57801", CultureInfo.InvariantCulture);
var portB = int.Parse(Environment.GetEnvironmentVariable("BENCH_PORT_B") ?? "57802", CultureInfo.InvariantCulture);

var child = new ProcessStartInfo("dotnet") { UseShellExecute = false };
child.ArgumentList.Add(typeof(PingGrain).Assembly.Location);
child.ArgumentList.Add("silo");
child.ArgumentList.Add(portB.ToString(CultureInfo.InvariantCulture));
child.ArgumentList.Add(clusterId);
using var siloB = Process.Start(child)!;
try
{
    using var siloA = BuildSilo(connectionString, portA, clusterId, LogLevel.Warning);
    await siloA.StartAsync();
    var cluster = siloA.Services.GetRequiredService<IClusterHealth>();
    var waited = Stopwatch.StartNew();
    while (cluster.ActiveSiloCount < 2)
    {
        if (waited.Elapsed > TimeSpan.FromSeconds(60))
        {
            throw new TimeoutException("Silo B did not become active within 60 s.");
        }

        await Task.Delay(100);
    }

    var grains = siloA.Services.GetRequiredService<IGrainFactory>();
    var remoteKeys = await RemoteKeysAsync(siloA.Services, 1024);
    Console.WriteLine($"Remote grain calls from silo A to silo B ({Environment.ProcessorCount} cores, {secondsPerLevel} s per level, one call per HTTP/2 request)");
    Console.WriteLine("| in flight | calls/s | p50 ms | p99 ms |");
    Console.WriteLine("|---:|---:|---:|---:|");
    await RunAsync(i => grains.GetGrain<IPingGrain>(remoteKeys[i % remoteKeys.Length]).PingAsync(i), 64, TimeSpan.FromSeconds(3), print: false);
    foreach (var concurrency in new[] { 1, 16, 64, 256 })
    {
        await RunAsync(i => grains.GetGrain<IPingGrain>(remoteKeys[i % remoteKeys.Length]).PingAsync(i), concurrency, TimeSpan.FromSeconds(secondsPerLevel), print: true);
    }

    var run = Guid.NewGuid().ToString("N")[..8];
    var localKeys = await LocalKeysAsync(siloA.Services, $"counter-{run}", 1024);
    Console.WriteLine();
    Console.WriteLine("Grain-state writes (one versioned write per call, distinct grains)");
    Console.WriteLine("| silo | in flight | writes/s | p50 ms | p99 ms |");
    Console.WriteLine("|---|---:|---:|---:|---:|");
    await MeasureWritesAsync("cluster member (fenced)", grains, localKeys, secondsPerLevel);
    await siloA.StopAsync();

    using var plain = BuildSilo(connectionString, port: null, clusterId + "-plain", LogLevel.Warning);
    await plain.StartAsync();
    await MeasureWritesAsync("single silo (no fence)", plain.Services.GetRequiredService<IGrainFactory>(), localKeys.Select(k => $"{k}-plain").ToArray(), secondsPerLevel);
    await plain.StopAsync();
}
finally
{
    if (!siloB.HasExited)
    {
        siloB.Kill();
        await siloB.WaitForExitAsync();
    }
}

// A cluster member on the cluster port, or (port null) a silo outside any cluster.
static IHost BuildSilo(string connectionString, int? port, string clusterId, LogLevel logLevel)
{
    var builder = Host.CreateApplicationBuilder();
    builder.Logging.SetMinimumLevel(logLevel);
    var silo = builder.Services.AddVetrAISilo(options =>
    {
        options.ConnectionString = connectionString;
        options.ClusterId = clusterId;
    })
        .AddGrain<IPingGrain, PingGrain>()
        .AddGrain<ICounterGrain, CounterGrain>();
    if (port is { } clusterPort)
    {
        silo.UseClustering(options =>
        {
            options.Secret = "bench-secret";
            options.Port = clusterPort;
            options.AdvertisedAddress = "127.0.0.1";
            options.IAmAliveInterval = TimeSpan.FromSeconds(1);
            options.ProbeInterval = TimeSpan.FromSeconds(1);
            options.FailureTimeout = TimeSpan.FromSeconds(10);
        });
    }

    return builder.Build();
}

static async Task MeasureWritesAsync(string silo, IGrainFactory grains, string[] keys, int secondsPerLevel)
{
    // Activates every grain first (one read each), so the levels measure writes only.
    await Task.WhenAll(keys.Select(k => grains.GetGrain<ICounterGrain>(k).AddAsync(0)));
    foreach (var concurrency in new[] { 1, 16, 64 })
    {
        Console.Write($"| {silo} ");
        await RunAsync(i => grains.GetGrain<ICounterGrain>(keys[i % keys.Length]).AddAsync(1), concurrency, TimeSpan.FromSeconds(secondsPerLevel), print: true);
    }
}

// Keys whose grains live on the other silo, found by asking placement (no call needed).
static Task<string[]> RemoteKeysAsync(IServiceProvider services, int count)
{
    var placement = services.GetRequiredService<IPlacementDirector>();
    return Task.FromResult(Enumerable.Range(0, int.MaxValue)
        .Select(i => $"ping-{i}")
        .Where(key => placement.GetOwner(new GrainId("bench.ping", key)) is not null)
        .Take(count)
        .ToArray());
}

// Keys whose counter grains this silo owns.
static Task<string[]> LocalKeysAsync(IServiceProvider services, string prefix, int count)
{
    var placement = services.GetRequiredService<IPlacementDirector>();
    return Task.FromResult(Enumerable.Range(0, int.MaxValue)
        .Select(i => $"{prefix}-{i}")
        .Where(key => placement.GetOwner(new GrainId("bench.counter", key)) is null)
        .Take(count)
        .ToArray());
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
