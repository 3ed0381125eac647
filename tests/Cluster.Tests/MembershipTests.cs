using System.Diagnostics;
using VetrAI.Cluster.TestSilo;
using Xunit.Abstractions;

namespace VetrAI.Cluster.Tests;

/// <summary>Silo processes killed, stopped and joining under a client's writes: failure detection through Redis
/// membership, placement, and grain state that loses no acknowledged write and applies none twice.</summary>
public sealed class MembershipTests(ITestOutputHelper output)
{
    /// <summary>What the test settings promise: a SIGKILLed silo is Dead in Redis within 5 s.</summary>
    public static readonly TimeSpan DetectionBound = TimeSpan.FromSeconds(5);

    /// <summary>The same under a writing load on the 2-core machine, where only correctness is checked.</summary>
    private static readonly TimeSpan LoadedDetectionBound = TimeSpan.FromSeconds(15);

    private static readonly TimeSpan ProgressTimeout = TimeSpan.FromSeconds(30);

    [Fact]
    public async Task A_killed_silo_is_declared_dead_within_5_s_and_its_grains_answer_from_the_others_with_every_acknowledged_write()
    {
        await using var cluster = await TestCluster.StartAsync(3);
        var keys = Keys("kill", 90);
        var acknowledged = new Dictionary<string, long>();
        foreach (var (key, i) in keys.Select((k, i) => (k, i)))
        {
            acknowledged[key] = await cluster.Client.GetGrain<ICounterGrain>(key).AddAsync(i + 1);
        }

        var owners = await cluster.OwnersAsync(keys);
        // Placement uses every silo.
        Assert.Equal(cluster.Silos.Keys.Order(), owners.Values.Distinct().Order());
        var victimPort = owners[keys[0]];
        var victimKeys = keys.Where(k => owners[k] == victimPort).ToList();

        cluster.Signal(victimPort, "KILL");
        // Meanwhile calls keep going to the victim's grains: each ends, with an answer or an error, within the call timeout.
        using var detected = new CancellationTokenSource();
        var probing = Task.Run(async () =>
        {
            var slowest = TimeSpan.Zero;
            while (!detected.IsCancellationRequested)
            {
                var call = Stopwatch.StartNew();
                try
                {
                    await cluster.Client.GetGrain<ICounterGrain>(victimKeys[0]).GetAsync();
                }
                catch (Exception exception) when (exception is OrleansException or TimeoutException)
                {
                    // A call in flight to the dead silo, or sent before the cluster knew, fails or times out.
                }

                slowest = call.Elapsed > slowest ? call.Elapsed : slowest;
            }

            return slowest;
        });

        var detection = await cluster.WaitForDeadAsync(victimPort, DetectionBound);
        await detected.CancelAsync();
        var slowestCall = await probing;

        output.WriteLine($"Dead in Redis {detection.TotalSeconds:0.00} s after SIGKILL; slowest call meanwhile {slowestCall.TotalSeconds:0.00} s");
        output.WriteLine(string.Join(Environment.NewLine, cluster.Timeline));
        Assert.True(detection < DetectionBound, $"declared dead after {detection}");
        Assert.True(slowestCall <= TestCluster.CallTimeout + TimeSpan.FromSeconds(2), $"a call took {slowestCall}");
        foreach (var key in keys)
        {
            var grain = cluster.Client.GetGrain<ICounterGrain>(key);
            Assert.Equal(acknowledged[key], await grain.GetAsync());
            Assert.NotEqual(victimPort, await grain.GetSiloPortAsync());
        }
    }

    [Fact]
    public async Task Writes_under_way_when_a_silo_is_killed_lose_none_that_was_acknowledged_and_none_runs_twice()
    {
        await using var cluster = await TestCluster.StartAsync(2);
        var keys = Keys("load", 48);
        var owners = await cluster.OwnersAsync(keys);
        var victimPort = owners[keys[0]];
        var victimKeys = keys.Where(k => owners[k] == victimPort).ToList();
        await using var load = new CounterLoad(cluster.Client, keys, writers: 32);

        await Wait.UntilAsync(() => load.Acknowledged() >= 500, ProgressTimeout, "500 acknowledged writes", cluster.DiagnosticsAsync);
        cluster.Signal(victimPort, "KILL");
        var detection = await cluster.WaitForDeadAsync(victimPort, LoadedDetectionBound);
        var atDeath = load.Acknowledged(victimKeys);
        await Wait.UntilAsync(
            () => load.Acknowledged(victimKeys) >= atDeath + 100, ProgressTimeout,
            "100 more acknowledged writes to the killed silo's grains", cluster.DiagnosticsAsync);
        await load.StopAsync();

        output.WriteLine($"Dead in Redis {detection.TotalSeconds:0.00} s after SIGKILL under load; {load.Acknowledged()} acknowledged, {load.Failed()} failed ({string.Join(", ", load.ErrorKinds)})");
        await load.AssertTotalsAsync(cluster);
    }

    [Fact]
    public async Task A_silo_leaving_with_SIGTERM_under_writes_exits_0_persists_its_in_memory_state_and_loses_no_acknowledged_write()
    {
        await using var cluster = await TestCluster.StartAsync(2);
        var inMemory = Keys("term", 40);
        foreach (var key in inMemory)
        {
            var grain = cluster.Client.GetGrain<ICounterGrain>(key);
            await grain.AddAsync(1);
            await grain.AddInMemoryAsync(5);
        }

        var keys = Keys("leave", 48);
        var owners = await cluster.OwnersAsync(keys.Concat(inMemory));
        var leavingPort = owners[keys[0]];
        var leavingKeys = keys.Where(k => owners[k] == leavingPort).ToList();
        var leavingInMemory = inMemory.Where(k => owners[k] == leavingPort).ToList();
        Assert.NotEmpty(leavingInMemory);
        await using var load = new CounterLoad(cluster.Client, keys, writers: 32);
        await Wait.UntilAsync(() => load.Acknowledged() >= 500, ProgressTimeout, "500 acknowledged writes", cluster.DiagnosticsAsync);

        var leaving = cluster.Silos[leavingPort];
        cluster.Signal(leavingPort, "TERM");
        Assert.True(await leaving.WaitForExitAsync(TimeSpan.FromSeconds(30)), "the silo did not exit within 30 s of SIGTERM");
        Assert.Equal(0, leaving.ExitCode);
        // It wrote its own row Dead on the way out: nobody had to detect it.
        Assert.Equal(SiloStatus.Dead, await cluster.Rows.StatusOfAsync(leavingPort));
        var atExit = load.Acknowledged(leavingKeys);
        await Wait.UntilAsync(
            () => load.Acknowledged(leavingKeys) >= atExit + 100, ProgressTimeout,
            "100 more acknowledged writes to the grains of the silo that left", cluster.DiagnosticsAsync);
        await load.StopAsync();

        await load.AssertTotalsAsync(cluster);
        // Its grains persisted what they held in memory when they were deactivated on the way out.
        var stored = await StoredCounters.ReadAsync(cluster.DatabaseUrl);
        Assert.All(leavingInMemory, key => Assert.Equal(6, stored[key]));
        foreach (var key in inMemory)
        {
            Assert.Equal(6, await cluster.Client.GetGrain<ICounterGrain>(key).GetAsync());
        }
    }

    [Fact]
    public async Task Writes_under_way_when_a_silo_joins_lose_none_that_was_acknowledged_and_none_runs_twice()
    {
        await using var cluster = await TestCluster.StartAsync(2);
        var keys = Keys("join", 48);
        await using var load = new CounterLoad(cluster.Client, keys, writers: 32);

        await Wait.UntilAsync(() => load.Acknowledged() >= 500, ProgressTimeout, "500 acknowledged writes", cluster.DiagnosticsAsync);
        var joined = cluster.StartSilo();
        await cluster.WaitForActiveSilosAsync(3);
        // The grain directory's ring now includes the new silo: part of the existing grains are registered there.
        var atJoin = load.Acknowledged();
        await Wait.UntilAsync(
            () => load.Acknowledged() >= atJoin + 300, ProgressTimeout, "300 acknowledged writes after the join", cluster.DiagnosticsAsync);
        await load.StopAsync();

        await load.AssertTotalsAsync(cluster);
        Assert.False(joined.HasExited, joined.Tail(40));
    }

    private static List<string> Keys(string prefix, int count) =>
        [.. Enumerable.Range(0, count).Select(i => $"{prefix}-{i}")];
}
