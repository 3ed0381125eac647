using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Sockets;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using VetrAI.Silo.Bench;

// Local grain calls per second and memory per idle activation on one Orleans silo, the same scenarios
// bench/Runtime.Bench measured on the runtime Orleans replaced. The silo runs with in-memory
// (localhost) membership on two free loopback ports; the grains have no state, so nothing else is needed.
//
//   dotnet bench/Silo.Bench/bin/Release/net10.0/VetrAI.Silo.Bench.dll [seconds-per-scenario] [activations]
var seconds = args.Length > 0 ? double.Parse(args[0], CultureInfo.InvariantCulture) : 3.0;
var activations = args.Length > 1 ? int.Parse(args[1], CultureInfo.InvariantCulture) : 100_000;
var duration = TimeSpan.FromSeconds(seconds);
var concurrency = Environment.ProcessorCount * 4;

var builder = Host.CreateApplicationBuilder();
builder.Logging.SetMinimumLevel(LogLevel.Error);
builder.UseOrleans(silo => silo.UseLocalhostClustering(FreePort(), FreePort()));
using var host = builder.Build();
await host.StartAsync();
var grains = host.Services.GetRequiredService<IGrainFactory>();

Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
    $"Orleans silo micro-benchmark: {Environment.ProcessorCount} cores, server GC {System.Runtime.GCSettings.IsServerGC}, {seconds:0.#} s per scenario, load average {LoadAverage()}"));

var one = grains.GetGrain<IBenchGrain>("one");
await one.IncrementAsync();
Report("one grain, 1 sequential caller (Task<int>)", await MeasureAsync(1, (_, _) => one.IncrementAsync()));
Report("one grain, 1 sequential caller (ValueTask<int>)", await MeasureAsync(1, async (_, _) => await one.AddAsync(1)));
Report($"one grain, {concurrency} concurrent callers", await MeasureAsync(concurrency, (_, _) => one.IncrementAsync()));
Report($"one grain, {concurrency} concurrent callers, awaiting method", await MeasureAsync(concurrency, (_, _) => one.YieldAsync()));

const int ManyCount = 10_000;
var many = Enumerable.Range(0, ManyCount).Select(i => grains.GetGrain<IBenchGrain>($"many-{i}")).ToArray();
await Task.WhenAll(many.Select(g => g.IncrementAsync()));
Report($"{ManyCount:N0} grains, {concurrency} concurrent callers",
    await MeasureAsync(concurrency, (worker, i) => many[(int)((i * 7919 + worker * 104729) % ManyCount)].IncrementAsync()));
Report($"{ManyCount:N0} grains, {concurrency} callers, awaiting method",
    await MeasureAsync(concurrency, (worker, i) => many[(int)((i * 7919 + worker * 104729) % ManyCount)].YieldAsync()));
Report($"{ManyCount:N0} grains, new reference per call",
    await MeasureAsync(concurrency, (worker, i) => grains.GetGrain<IBenchGrain>($"many-{(i + worker) % ManyCount}").IncrementAsync()));

await MeasureMemoryAsync(grains, activations);
await host.StopAsync();

async Task<(long Calls, TimeSpan Elapsed)> MeasureAsync(int callers, Func<int, long, Task> call)
{
    // JIT tiering and the first activations happen in the warm-up.
    await RunAsync(callers, call, TimeSpan.FromSeconds(1));
    return await RunAsync(callers, call, duration);
}

static async Task<(long Calls, TimeSpan Elapsed)> RunAsync(int callers, Func<int, long, Task> call, TimeSpan length)
{
    var total = 0L;
    var stopwatch = Stopwatch.StartNew();
    var workers = Enumerable.Range(0, callers).Select(worker => Task.Run(async () =>
    {
        var count = 0L;
        while (stopwatch.Elapsed < length)
        {
            for (var i = 0; i < 256; i++)
            {
                await call(worker, count++);
            }
        }

        Interlocked.Add(ref total, count);
    }));
    await Task.WhenAll(workers);
    return (total, stopwatch.Elapsed);
}

static void Report(string name, (long Calls, TimeSpan Elapsed) result) =>
    Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"{name,-56} {result.Calls / result.Elapsed.TotalSeconds,12:N0} calls/s"));

// References (and their keys) exist before the first measurement, so the difference is what the silo keeps
// per activation: the activation record, its grain object, its directory and catalog entries.
static async Task MeasureMemoryAsync(IGrainFactory grains, int count)
{
    var references = Enumerable.Range(0, count).Select(i => grains.GetGrain<IEmptyGrain>($"idle-{i:D6}")).ToArray();
    var before = HeapAfterFullCollection();
    foreach (var batch in references.Chunk(1000))
    {
        await Task.WhenAll(batch.Select(g => g.PingAsync()));
    }

    // Let the turns that just ended finish their bookkeeping before measuring.
    await Task.Delay(TimeSpan.FromSeconds(1));
    var after = HeapAfterFullCollection();
    var label = string.Create(CultureInfo.InvariantCulture, $"memory per idle activation ({count:N0} EmptyGrain)");
    Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"{label,-56} {(after - before) / (double)count,12:N0} bytes"));
    GC.KeepAlive(references);
}

static long HeapAfterFullCollection()
{
    GC.Collect();
    GC.WaitForPendingFinalizers();
    GC.Collect();
    return GC.GetTotalMemory(forceFullCollection: true);
}

static int FreePort()
{
    using var listener = new TcpListener(IPAddress.Loopback, 0);
    listener.Start();
    return ((IPEndPoint)listener.LocalEndpoint).Port;
}

static string LoadAverage() => File.Exists("/proc/loadavg") ? File.ReadAllText("/proc/loadavg").Split(' ')[0] : "n/a";
