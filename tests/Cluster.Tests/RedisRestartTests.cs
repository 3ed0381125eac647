using VetrAI.Cluster.TestSilo;
using Xunit.Abstractions;

namespace VetrAI.Cluster.Tests;

/// <summary>The membership Redis killed and started again under a writing client. Silos probe each other directly,
/// so grain calls do not need Redis; membership itself survives in the append-only file and works again after.</summary>
public sealed class RedisRestartTests(ITestOutputHelper output)
{
    private static readonly TimeSpan ProgressTimeout = TimeSpan.FromSeconds(30);

    // What Orleans' MembershipTableManager logs (warning 100659) when a periodic read of the table fails.
    private const string MembershipRefreshFailed = "Failed to refresh membership table";

    [Fact]
    public async Task Calls_are_answered_while_Redis_is_down_and_after_its_restart_and_no_acknowledged_write_is_lost()
    {
        await using var redis = await RedisServer.StartAsync();
        await using var cluster = await TestCluster.StartAsync(3, redis: redis.Configuration);
        var keys = Enumerable.Range(0, 32).Select(i => $"redis-{i}").ToList();
        await using var load = new CounterLoad(cluster.Client, keys, writers: 16);
        await Wait.UntilAsync(() => load.Acknowledged() >= 300, ProgressTimeout, "300 acknowledged writes", cluster.DiagnosticsAsync);

        await redis.KillAsync();
        cluster.Note("Redis killed");
        var atKill = load.Acknowledged();
        // Redis stays down until the cluster has felt it: every silo's periodic read of the membership table failed
        // (after the Redis client's 5 s backlog timeout), and a client starting now cannot find the gateways.
        await Task.WhenAll(
            Assert.ThrowsAnyAsync<Exception>(cluster.ConnectClientAsync),
            Wait.UntilAsync(
                () => cluster.Silos.Values.All(s => s.Output.Contains(MembershipRefreshFailed, StringComparison.Ordinal)),
                ProgressTimeout, "every silo to fail a membership table refresh", cluster.DiagnosticsAsync));
        cluster.Note("every silo failed a membership refresh; a new client could not connect");
        Assert.True(load.Acknowledged() >= atKill + 300, $"only {load.Acknowledged() - atKill} writes were acknowledged while Redis was down");
        await redis.RestartAsync();
        cluster.Note("Redis started again");
        var atRestart = load.Acknowledged();
        await Wait.UntilAsync(
            () => load.Acknowledged() >= atRestart + 300, ProgressTimeout, "300 acknowledged writes after Redis restarted", cluster.DiagnosticsAsync);
        await load.StopAsync();

        output.WriteLine($"{load.Acknowledged()} writes acknowledged, {load.Failed()} failed ({string.Join(", ", load.ErrorKinds)})");
        output.WriteLine(string.Join(Environment.NewLine, cluster.Timeline));
        await load.AssertTotalsAsync(cluster);
        // The membership table came back from the append-only file: every silo still Active, and a new client finds
        // the gateways there.
        Assert.Equal(3, await cluster.Rows.ActiveCountAsync());
        var client = await cluster.ConnectClientAsync();
        Assert.Equal(
            await cluster.Client.GetGrain<ICounterGrain>(keys[0]).GetAsync(),
            await client.GetGrain<ICounterGrain>(keys[0]).GetAsync());
        // And it still does its job: a silo killed now is declared dead there.
        var victimPort = await cluster.Client.GetGrain<ICounterGrain>(keys[0]).GetSiloPortAsync();
        cluster.Signal(victimPort, "KILL");
        await cluster.WaitForDeadAsync(victimPort, MembershipTests.DetectionBound);
        Assert.All(cluster.Silos.Values.Where(s => s != cluster.Silos[victimPort]), s => Assert.False(s.HasExited, s.Describe()));
    }
}
