using Npgsql;
using VetrAI.Cluster.TestSilo;

namespace VetrAI.Cluster.Tests;

/// <summary>Reminders live in PostgreSQL, so they outlive every silo: a cluster started after all silos were
/// stopped finds them in its ring ranges and delivers them.</summary>
public sealed class ReminderTests
{
    // Long enough for the whole cluster to stop and a new one to start before it is due: a tick that is due while
    // no silo runs is not replayed but comes one period (1 min) later, which only makes the test slower.
    private static readonly TimeSpan DueTime = TimeSpan.FromSeconds(15);

    [Fact]
    public async Task Reminders_fire_after_every_silo_was_stopped_and_started_again()
    {
        await using var cluster = await TestCluster.StartAsync(2);
        var keys = Enumerable.Range(0, 12).Select(i => $"remind-{i}").ToList();
        foreach (var key in keys)
        {
            await cluster.Client.GetGrain<ICounterGrain>(key).RemindOnceAsync(DueTime);
        }

        foreach (var key in keys)
        {
            Assert.Equal(0, await cluster.Client.GetGrain<ICounterGrain>(key).GetAsync());
        }

        foreach (var port in cluster.Silos.Keys.ToList())
        {
            cluster.Signal(port, "TERM");
        }

        foreach (var silo in cluster.Silos.Values.ToList())
        {
            Assert.True(await silo.WaitForExitAsync(TimeSpan.FromSeconds(30)), $"{silo.Name} did not exit within 30 s of SIGTERM");
        }

        Assert.Equal(keys.Count, await ReminderRowsAsync(cluster));
        cluster.StartSilo();
        cluster.StartSilo();
        await cluster.WaitForActiveSilosAsync(2);

        foreach (var key in keys)
        {
            var grain = cluster.Client.GetGrain<ICounterGrain>(key);
            await Wait.UntilAsync(
                async () => await TotalAsync(grain) == 1, DueTime + TimeSpan.FromSeconds(75), $"the reminder of {key}", cluster.DiagnosticsAsync);
        }

        // Each fired once and unregistered itself.
        await Wait.UntilAsync(async () => await ReminderRowsAsync(cluster) == 0, TimeSpan.FromSeconds(10), "the reminders to be unregistered", cluster.DiagnosticsAsync);
        foreach (var key in keys)
        {
            Assert.Equal(1, await cluster.Client.GetGrain<ICounterGrain>(key).GetAsync());
        }
    }

    // The client lost every gateway it knew: until its next look at Redis finds the new silos' gateways, it
    // rejects calls at once.
    private static async Task<long?> TotalAsync(ICounterGrain grain)
    {
        try
        {
            return await grain.GetAsync();
        }
        catch (OrleansMessageRejectionException)
        {
            return null;
        }
    }

    private static async Task<long> ReminderRowsAsync(TestCluster cluster)
    {
        await using var connection = new NpgsqlConnection(cluster.DatabaseUrl);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand("SELECT count(*) FROM grain_reminders WHERE service_id = $1", connection)
        {
            Parameters = { new NpgsqlParameter<string> { TypedValue = TestCluster.ServiceId } },
        };
        return (long)(await command.ExecuteScalarAsync())!;
    }
}
