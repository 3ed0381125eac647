using VetrAI.Cluster.TestSilo;
using Xunit.Abstractions;

namespace VetrAI.Cluster.Tests;

/// <summary>The database restarted under a writing client: writes acknowledged before and after are stored, and a
/// write during the outage either fails with an error or is kept, never acknowledged and then lost.</summary>
public sealed class PostgresRestartTests(ITestOutputHelper output)
{
    private static readonly TimeSpan ProgressTimeout = TimeSpan.FromSeconds(30);

    [Fact]
    public async Task Writes_acknowledged_before_and_after_a_PostgreSQL_restart_are_kept_and_those_during_it_fail_or_are_kept()
    {
        await using var postgres = await PostgresServer.StartAsync();
        await using var cluster = await TestCluster.StartAsync(2, databaseUrl: postgres.ConnectionString);
        var keys = Enumerable.Range(0, 32).Select(i => $"pg-{i}").ToList();
        var before = Enumerable.Range(0, 16).Select(i => $"pg-before-{i}").ToList();
        foreach (var (key, i) in before.Select((k, i) => (k, i)))
        {
            Assert.Equal(i + 1, await cluster.Client.GetGrain<ICounterGrain>(key).AddAsync(i + 1));
        }

        await using var load = new CounterLoad(cluster.Client, keys, writers: 16);
        await Wait.UntilAsync(() => load.Acknowledged() >= 300, ProgressTimeout, "300 acknowledged writes", cluster.DiagnosticsAsync);

        await postgres.StopAsync();
        cluster.Note("PostgreSQL stopped (immediate)");
        var atStop = load.Failed();
        await Wait.UntilAsync(() => load.Failed() >= atStop + 50, ProgressTimeout, "50 writes to fail while PostgreSQL is down", cluster.DiagnosticsAsync);
        await postgres.StartAgainAsync();
        cluster.Note("PostgreSQL started again");
        var atStart = load.Acknowledged();
        await Wait.UntilAsync(
            () => load.Acknowledged() >= atStart + 300, ProgressTimeout, "300 acknowledged writes after PostgreSQL restarted", cluster.DiagnosticsAsync);
        await load.StopAsync();

        output.WriteLine($"{load.Acknowledged()} writes acknowledged, {load.Failed()} failed ({string.Join(", ", load.ErrorKinds)})");
        output.WriteLine(string.Join(Environment.NewLine, cluster.Timeline));
        await load.AssertTotalsAsync(cluster);
        var stored = await StoredCounters.ReadAsync(cluster.DatabaseUrl);
        foreach (var (key, i) in before.Select((k, i) => (k, i)))
        {
            Assert.Equal(i + 1, stored[key]);
        }

        Assert.All(cluster.Silos.Values, s => Assert.False(s.HasExited, s.Describe()));
    }
}
