using Npgsql;
using VetrAI.Runtime.Membership;
using VetrAI.TestSupport;

namespace VetrAI.Runtime.Tests.Cluster;

public sealed class MembershipTableTests : IAsyncLifetime
{
    private TestDatabase _database = null!;
    private NpgsqlDataSource _dataSource = null!;
    private MembershipTable _table = null!;

    public async Task InitializeAsync()
    {
        _database = await TestDatabase.CreateAsync("membership");
        _dataSource = NpgsqlDataSource.Create(_database.ConnectionString);
        await ClusterTestSchema.CreateAsync(_dataSource);
        _table = new MembershipTable(_dataSource, "test");
    }

    public async Task DisposeAsync()
    {
        await _dataSource.DisposeAsync();
        await _database.DisposeAsync();
    }

    [Fact]
    public async Task A_restarted_silo_joins_with_a_higher_generation_and_replaces_the_old_incarnation()
    {
        var first = await _table.JoinAsync("127.0.0.1", 7001, default);
        Assert.True(await _table.SetStatusAsync(first, SiloStatus.Active, default));

        var second = await _table.JoinAsync("127.0.0.1", 7001, default);

        Assert.True(second.Generation > first.Generation);
        var view = await _table.ReadAsync(default);
        Assert.Equal(SiloStatus.Dead, view.Find(first)!.Status);
        Assert.Equal(SiloStatus.Joining, view.Find(second)!.Status);
        Assert.False(await _table.HeartbeatAsync(first, 0, default));
    }

    [Fact]
    public async Task Every_status_change_bumps_the_version_and_heartbeats_do_not()
    {
        var silo = await _table.JoinAsync("127.0.0.1", 7001, default);
        var joined = (await _table.ReadAsync(default)).Version;

        Assert.True(await _table.HeartbeatAsync(silo, 12, default));
        var afterHeartbeat = await _table.ReadAsync(default);
        Assert.Equal(joined, afterHeartbeat.Version);
        Assert.Equal(12, afterHeartbeat.Find(silo)!.ActivationCount);

        Assert.True(await _table.SetStatusAsync(silo, SiloStatus.Active, default));
        var active = await _table.ReadAsync(default);
        Assert.True(active.Version > joined);
        Assert.Equal([silo], active.ActiveSilos);
    }

    [Fact]
    public async Task A_silo_whose_heartbeat_is_late_by_the_database_clock_is_declared_dead_and_learns_it()
    {
        var alive = await _table.JoinAsync("127.0.0.1", 7001, default);
        var late = await _table.JoinAsync("127.0.0.1", 7002, default);
        await _table.SetStatusAsync(alive, SiloStatus.Active, default);
        await _table.SetStatusAsync(late, SiloStatus.Active, default);
        await using (var command = _dataSource.CreateCommand("UPDATE silos SET i_am_alive = now() - interval '10 seconds' WHERE port = 7002"))
        {
            await command.ExecuteNonQueryAsync();
        }

        var declared = await _table.DeclareLateSilosDeadAsync(TimeSpan.FromSeconds(2), TimeSpan.FromHours(1), default);

        Assert.Equal(1, declared);
        var view = await _table.ReadAsync(default);
        Assert.Equal([alive], view.ActiveSilos);
        Assert.False(await _table.HeartbeatAsync(late, 0, default));
        Assert.False(await _table.SetStatusAsync(late, SiloStatus.Active, default));
    }

    [Fact]
    public async Task Defunct_rows_expire()
    {
        var silo = await _table.JoinAsync("127.0.0.1", 7001, default);
        await _table.SetStatusAsync(silo, SiloStatus.Dead, default);
        await using (var command = _dataSource.CreateCommand("UPDATE silos SET updated = now() - interval '2 hours'"))
        {
            await command.ExecuteNonQueryAsync();
        }

        await _table.DeclareLateSilosDeadAsync(TimeSpan.FromSeconds(20), TimeSpan.FromHours(1), default);

        Assert.Empty((await _table.ReadAsync(default)).Silos);
    }

    [Fact]
    public async Task Before_any_silo_created_the_table_the_view_is_empty()
    {
        await using var command = _dataSource.CreateCommand("DROP TABLE silos; DROP TABLE membership_version");
        await command.ExecuteNonQueryAsync();

        var view = await _table.ReadAsync(default);

        Assert.Empty(view.Silos);
    }
}
