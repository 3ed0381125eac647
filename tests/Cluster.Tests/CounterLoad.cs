using System.Collections.Concurrent;
using System.Diagnostics.Metrics;
using VetrAI.Cluster.TestSilo;

namespace VetrAI.Cluster.Tests;

/// <summary>Writers that keep adding 1 to counter grains through the cluster client, counting per key
/// the writes that were acknowledged and those that failed (which may or may not have run). So every
/// stored total must lie between the two: no acknowledged write lost, none run twice. With many
/// writers, calls to one silo pile up and travel in batches; the load counts those too.</summary>
internal sealed class CounterLoad : IAsyncDisposable
{
    private readonly ConcurrentDictionary<string, int> _acknowledged = new();
    private readonly ConcurrentDictionary<string, int> _unanswered = new();
    private readonly CancellationTokenSource _stop = new();
    private readonly MeterListener _listener = new();
    private readonly Task[] _writers;
    private long _batched;

    public CounterLoad(TestCluster cluster, IReadOnlyList<string> keys, int writers)
    {
        Keys = keys;
        _listener.InstrumentPublished = (instrument, listener) =>
        {
            if (instrument.Meter.Name == "VetrAI.Runtime" && instrument.Name == "vetrai.runtime.remote.batched_calls")
            {
                listener.EnableMeasurementEvents(instrument);
            }
        };
        _listener.SetMeasurementEventCallback<long>((_, value, _, _) => Interlocked.Add(ref _batched, value));
        _listener.Start();
        _writers = [.. Enumerable.Range(0, writers).Select(writer => Task.Run(() => WriteAsync(cluster, writer)))];
    }

    public IReadOnlyList<string> Keys { get; }

    /// <summary>Calls that went out together with others in one batch request.</summary>
    public long Batched => Interlocked.Read(ref _batched);

    public int Acknowledged(IEnumerable<string> keys) => keys.Sum(key => _acknowledged.GetValueOrDefault(key));

    public async Task StopAsync()
    {
        await _stop.CancelAsync();
        await Task.WhenAll(_writers);
    }

    /// <summary>Asserts every key's stored total against what the writers saw.</summary>
    public async Task AssertTotalsAsync(TestCluster cluster)
    {
        foreach (var key in Keys)
        {
            var total = await cluster.Grains.GetGrain<ICounterGrain>(key).GetAsync();
            var acknowledged = _acknowledged.GetValueOrDefault(key);
            Assert.InRange(total, acknowledged, acknowledged + _unanswered.GetValueOrDefault(key));
        }
    }

    public async ValueTask DisposeAsync()
    {
        await StopAsync();
        _listener.Dispose();
        _stop.Dispose();
    }

    private async Task WriteAsync(TestCluster cluster, int writer)
    {
        for (var i = writer; !_stop.IsCancellationRequested; i++)
        {
            var key = Keys[i % Keys.Count];
            try
            {
                await cluster.Grains.GetGrain<ICounterGrain>(key).AddAsync(1);
                _acknowledged.AddOrUpdate(key, 1, (_, n) => n + 1);
            }
            catch (Exception)
            {
                // Not acknowledged: it may or may not have run.
                _unanswered.AddOrUpdate(key, 1, (_, n) => n + 1);
            }
        }
    }
}
