using Npgsql;
using VetrAI.Runtime.Tests.Grains;

namespace VetrAI.Runtime.Tests;

public sealed class PersistenceTests : SiloTestBase
{
    [Fact]
    public async Task State_survives_stopping_and_starting_the_host()
    {
        var first = await StartSiloAsync();
        await first.Grains.GetGrain<IStateGrain>("s1").SetAsync("kept");
        await first.StopAsync();

        var second = await StartSiloAsync();
        Assert.Equal("kept", await second.Grains.GetGrain<IStateGrain>("s1").GetAsync());
    }

    [Fact]
    public async Task Two_activations_writing_concurrently_exactly_one_wins()
    {
        var a = await StartSiloAsync();
        var b = await StartSiloAsync();
        var onA = a.Grains.GetGrain<IStateGrain>("contested");
        var onB = b.Grains.GetGrain<IStateGrain>("contested");
        // Both activations read the same (empty) state first.
        Assert.Equal("", await onA.GetAsync());
        Assert.Equal("", await onB.GetAsync());

        var writes = new[] { onA.SetAsync("from-a"), onB.SetAsync("from-b") };
        var outcome = await Task.WhenAll(writes.Select(async w =>
        {
            try
            {
                await w;
                return (Exception?)null;
            }
            catch (Exception ex)
            {
                return ex;
            }
        }));

        Assert.Single(outcome, e => e is null);
        Assert.Single(outcome, e => e is InconsistentStateException);
        var winner = outcome[0] is null ? "from-a" : "from-b";
        Assert.Equal(winner, await ReadStoredValueAsync("contested"));

        // The loser was deactivated: its next call reads the winner's state.
        var loser = outcome[0] is null ? onB : onA;
        await Eventually.WaitAsync(() => (outcome[0] is null ? b : a).Probe.Count("deactivated:contested:InternalFailure") == 1,
            "the losing activation to deactivate");
        Assert.Equal(winner, await loser.GetAsync());
    }

    [Fact]
    public async Task Graceful_shutdown_persists_state_kept_dirty_in_memory()
    {
        var first = await StartSiloAsync();
        var grain = first.Grains.GetGrain<IDirtyGrain>("d1");
        await grain.AddAsync(5);
        await grain.AddAsync(7);
        await first.StopAsync();

        var second = await StartSiloAsync();
        Assert.Equal(12, await second.Grains.GetGrain<IDirtyGrain>("d1").GetAsync());
    }

    [Fact]
    public async Task Clear_leaves_a_tombstone_and_versions_keep_growing()
    {
        var silo = await StartSiloAsync();
        var grain = silo.Grains.GetGrain<IStateGrain>("clear");
        await grain.SetAsync("one");
        Assert.Equal("1", await grain.GetEtagAsync());
        await grain.ClearAsync();
        Assert.Equal("2", await grain.GetEtagAsync());
        Assert.Equal("", await grain.GetAsync());
        await grain.SetAsync("two");
        Assert.Equal("3", await grain.GetEtagAsync());
    }

    [Fact]
    public async Task Idle_activations_are_collected_and_reactivate_with_their_state()
    {
        var silo = await StartSiloAsync(o =>
        {
            o.CollectionAge = TimeSpan.FromMilliseconds(200);
            o.CollectionQuantum = TimeSpan.FromMilliseconds(100);
        });
        var grain = silo.Grains.GetGrain<IStateGrain>("idle");
        await grain.SetAsync("before collection");

        await silo.Probe.WhenRecorded("deactivated:idle:ActivationIdle").WithDeadline("the idle activation to be collected");

        Assert.Equal("before collection", await grain.GetAsync());
        Assert.Equal(2, silo.Probe.Count("activated:idle"));
    }

    [Fact]
    public async Task Two_hosts_migrating_at_the_same_moment_both_start()
    {
        var a = BuildSilo();
        var b = BuildSilo();

        await Task.WhenAll(a.StartAsync(), b.StartAsync());

        await a.Grains.GetGrain<IStateGrain>("m").SetAsync("ok");
        Assert.Equal("ok", await b.Grains.GetGrain<IStateGrain>("m").GetAsync());
        await using var connection = new NpgsqlConnection(ConnectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand("SELECT count(*) FROM schema_migrations", connection);
        var runtimeMigrations = typeof(SiloOptions).Assembly.GetManifestResourceNames().Count(n => n.EndsWith(".sql", StringComparison.Ordinal));
        Assert.Equal((long)runtimeMigrations, await command.ExecuteScalarAsync());
    }

    [Fact]
    public async Task Indexed_states_fill_the_tenant_status_and_created_columns()
    {
        var silo = await StartSiloAsync();
        var createdAt = new DateTimeOffset(2026, 1, 2, 3, 4, 5, TimeSpan.Zero);
        var ticket = silo.Grains.GetGrain<IIndexedGrain>("t-1");
        await ticket.CreateAsync("org-7", createdAt);
        await ticket.CloseAsync();

        await using var connection = new NpgsqlConnection(ConnectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand(
            "SELECT grain_key, status, created_at, version FROM grain_state WHERE grain_type = 'indexed' AND tenant_id = 'org-7'", connection);
        await using var reader = await command.ExecuteReaderAsync();
        Assert.True(await reader.ReadAsync(), "the ticket's row is found by its tenant");
        Assert.Equal("t-1", reader.GetString(0));
        Assert.Equal("closed", reader.GetString(1));
        Assert.Equal(createdAt.UtcDateTime, reader.GetDateTime(2));
        Assert.Equal(2L, reader.GetInt64(3));
    }

    private async Task<string?> ReadStoredValueAsync(string key)
    {
        await using var connection = new NpgsqlConnection(ConnectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand(
            "SELECT state->>'Value' FROM grain_state WHERE grain_type = 'state' AND grain_key = $1", connection);
        command.Parameters.Add(new NpgsqlParameter { Value = key });
        return (string?)await command.ExecuteScalarAsync();
    }
}
