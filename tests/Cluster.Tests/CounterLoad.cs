using System.Collections.Concurrent;
using VetrAI.Cluster.TestSilo;

namespace VetrAI.Cluster.Tests;

/// <summary>Writers that keep adding 1 to counter grains through a cluster client, counting per key the writes
/// that were acknowledged and those that failed (which may or may not have run). So every stored total must lie
/// between the two: no acknowledged write lost, none run twice.</summary>
internal sealed class CounterLoad : IAsyncDisposable
{
    private static readonly TimeSpan FailurePause = TimeSpan.FromMilliseconds(20);

    private readonly ConcurrentDictionary<string, int> _acknowledged = new();
    private readonly ConcurrentDictionary<string, int> _failed = new();
    private readonly ConcurrentQueue<string> _errors = new();
    private readonly CancellationTokenSource _stop = new();
    private readonly Task[] _writers;

    public CounterLoad(IGrainFactory grains, IReadOnlyList<string> keys, int writers)
    {
        Keys = keys;
        _writers = [.. Enumerable.Range(0, writers).Select(writer => Task.Run(() => WriteAsync(grains, writer)))];
    }

    public IReadOnlyList<string> Keys { get; }

    public int Acknowledged() => Acknowledged(Keys);

    public int Acknowledged(IEnumerable<string> keys) => keys.Sum(key => _acknowledged.GetValueOrDefault(key));

    public int Failed() => Keys.Sum(key => _failed.GetValueOrDefault(key));

    /// <summary>The first few distinct errors the failed writes saw.</summary>
    public IReadOnlyCollection<string> ErrorKinds => [.. _errors.Distinct().Take(5)];

    public async Task StopAsync()
    {
        await _stop.CancelAsync();
        await Task.WhenAll(_writers);
    }

    /// <summary>Asserts every key's total, as its grain answers and as PostgreSQL stores it, against what the
    /// writers saw.</summary>
    public async Task AssertTotalsAsync(TestCluster cluster)
    {
        var stored = await StoredCounters.ReadAsync(cluster.DatabaseUrl);
        foreach (var key in Keys)
        {
            var acknowledged = _acknowledged.GetValueOrDefault(key);
            var most = acknowledged + _failed.GetValueOrDefault(key);
            Assert.InRange(stored.GetValueOrDefault(key), acknowledged, most);
            Assert.InRange(await cluster.Client.GetGrain<ICounterGrain>(key).GetAsync(), acknowledged, most);
        }
    }

    public async ValueTask DisposeAsync()
    {
        await StopAsync();
        _stop.Dispose();
    }

    private async Task WriteAsync(IGrainFactory grains, int writer)
    {
        for (var i = writer; !_stop.IsCancellationRequested; i++)
        {
            var key = Keys[i % Keys.Count];
            try
            {
                await grains.GetGrain<ICounterGrain>(key).AddAsync(1);
                _acknowledged.AddOrUpdate(key, 1, (_, n) => n + 1);
            }
            catch (Exception exception)
            {
                // Not acknowledged: it may or may not have run.
                _failed.AddOrUpdate(key, 1, (_, n) => n + 1);
                if (_errors.Count < 1000)
                {
                    _errors.Enqueue(exception.GetType().Name + ": " + exception.Message);
                }

                // A cluster that fails fast (a database that is down) must not turn the writers into a busy loop.
                await Task.Delay(FailurePause);
            }
        }
    }
}
