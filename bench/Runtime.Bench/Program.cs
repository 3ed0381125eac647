using System.Diagnostics;
using Microsoft.Extensions.DependencyInjection;
using VetrAI.Runtime;
using VetrAI.Runtime.Bench;

// Local grain call throughput and memory per idle activation. The silo is built from DI without
// starting its hosted lifecycle: these grains have no persistent state, so no database is touched.
var seconds = args.Length > 0 && double.TryParse(args[0], out var s) ? s : 3.0;
var duration = TimeSpan.FromSeconds(seconds);
var concurrency = Environment.ProcessorCount * 4;

var services = new ServiceCollection();
services.AddLogging();
services.AddVetrAISilo(o => o.ConnectionString = "Host=127.0.0.1;Database=unused")
    .AddGrain<IBenchGrain, BenchGrain>()
    .AddGrain<IEmptyGrain, EmptyGrain>();
await using var provider = services.BuildServiceProvider();
var grains = provider.GetRequiredService<IGrainFactory>();

Console.WriteLine($"VetrAI runtime micro-benchmark: {Environment.ProcessorCount} cores, server GC {System.Runtime.GCSettings.IsServerGC}, "
    + $"{duration.TotalSeconds:0.#} s per scenario, load average {LoadAverage()}");

var one = grains.GetGrain<IBenchGrain>("one");
await one.IncrementAsync();
Report("one grain, 1 sequential caller (Task<int>)", await MeasureAsync(1, (_, _) => one.IncrementAsync()));
Report("one grain, 1 sequential caller (ValueTask<int>)", await MeasureAsync(1, async (_, _) => await one.AddAsync(1)));
Report($"one grain, {concurrency} concurrent callers", await MeasureAsync(concurrency, (_, _) => one.IncrementAsync()));
Report($"one grain, {concurrency} concurrent callers, awaiting method", await MeasureAsync(concurrency, (_, _) => one.YieldAsync()));

const int manyCount = 10_000;
var many = Enumerable.Range(0, manyCount).Select(i => grains.GetGrain<IBenchGrain>($"many-{i}")).ToArray();
await Task.WhenAll(many.Select(g => g.IncrementAsync()));
Report($"{manyCount:N0} grains, {concurrency} concurrent callers", await MeasureAsync(concurrency, (worker, i) => many[(int)((i * 7919 + worker * 104729) % manyCount)].IncrementAsync()));
Report($"{manyCount:N0} grains, {concurrency} callers, awaiting method", await MeasureAsync(concurrency, (worker, i) => many[(int)((i * 7919 + worker * 104729) % manyCount)].YieldAsync()));
Report($"{manyCount:N0} grains, new reference per call", await MeasureAsync(concurrency, (worker, i) => grains.GetGrain<IBenchGrain>($"many-{(i + worker) % manyCount}").IncrementAsync()));

await MeasureMemoryAsync(grains, 100_000);

async Task<(long Calls, TimeSpan Elapsed)> MeasureAsync(int callers, Func<int, long, Task> call)
{
    // Warm up, then measure.
    await RunAsync(callers, call, TimeSpan.FromMilliseconds(300));
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
    Console.WriteLine($"{name,-56} {result.Calls / result.Elapsed.TotalSeconds,12:N0} calls/s");

static async Task MeasureMemoryAsync(IGrainFactory grains, int count)
{
    var references = Enumerable.Range(0, count).Select(i => grains.GetGrain<IEmptyGrain>($"idle-{i:D6}")).ToArray();
    var keysAndReferences = Measure();
    foreach (var batch in references.Chunk(1000))
    {
        await Task.WhenAll(batch.Select(g => g.PingAsync()));
    }

    var after = Measure();
    // References and their key strings exist before the first measurement, so they are not counted;
    // an activation shares its key string with the reference that created it.
    var perActivation = (after - keysAndReferences) / (double)count;
    Console.WriteLine($"{"memory per idle activation (" + count.ToString("N0", null) + " EmptyGrain)",-56} {perActivation,12:N0} bytes");
    GC.KeepAlive(references);
}

static long Measure()
{
    GC.Collect();
    GC.WaitForPendingFinalizers();
    GC.Collect();
    return GC.GetTotalMemory(forceFullCollection: true);
}

static string LoadAverage() => File.Exists("/proc/loadavg") ? File.ReadAllText("/proc/loadavg").Split(' ')[0] : "n/a";
