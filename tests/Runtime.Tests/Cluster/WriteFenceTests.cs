using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using Npgsql;
using VetrAI.Runtime.Membership;
using VetrAI.Runtime.Storage;
using VetrAI.TestSupport;

namespace VetrAI.Runtime.Tests.Cluster;

/// <summary>A cluster silo's grain-state writes commit only while its membership row is not dead.</summary>
public sealed class WriteFenceTests : IAsyncLifetime
{
    private static readonly GrainId Grain = new("fenced", "g1");

    private TestDatabase _database = null!;
    private NpgsqlDataSource _dataSource = null!;
    private MembershipTable _table = null!;

    public async Task InitializeAsync()
    {
        _database = await TestDatabase.CreateAsync("fence");
        _dataSource = NpgsqlDataSource.Create(_database.ConnectionString);
        await new SchemaMigrator(_dataSource, [], NullLogger<SchemaMigrator>.Instance).MigrateAsync(default);
        _table = new MembershipTable(_dataSource, "test");
    }

    public async Task DisposeAsync()
    {
        await _dataSource.DisposeAsync();
        await _database.DisposeAsync();
    }

    [Fact]
    public async Task A_live_silo_writes_and_a_silo_declared_dead_is_refused_and_told()
    {
        var (old, oldFence, oldStorage) = await JoinAsync(7001);
        var (_, _, newStorage) = await JoinAsync(7002);
        var first = await oldStorage.WriteAsync(Grain, "state", null, """{"n":1}""", default, default);
        SiloAddress? fencedOut = null;
        oldFence.FencedOut += silo => fencedOut = silo;

        // The new owner reads the grain but has not written it when the old silo is declared dead.
        Assert.Equal(first, (await newStorage.ReadAsync(Grain, "state", default))!.Value.Version);
        await DeclareDeadAsync(old);

        var refused = await Assert.ThrowsAsync<InconsistentStateException>(
            () => oldStorage.WriteAsync(Grain, "state", first, """{"n":1000}""", default, default));
        Assert.Contains("declared dead", refused.Message, StringComparison.Ordinal);
        Assert.Equal(old, fencedOut);
        Assert.Equal((first, """{"n": 1}"""), await ReadAsync(newStorage));
        Assert.Equal(first + 1, await newStorage.WriteAsync(Grain, "state", first, """{"n":2}""", default, default));
    }

    [Fact]
    public async Task A_dead_silo_cannot_create_a_state_either()
    {
        var (old, _, oldStorage) = await JoinAsync(7001);
        await DeclareDeadAsync(old);

        await Assert.ThrowsAsync<InconsistentStateException>(
            () => oldStorage.WriteAsync(Grain, "state", null, """{"n":1}""", default, default));
        await using var count = _dataSource.CreateCommand("SELECT count(*) FROM grain_state");
        Assert.Equal(0L, await count.ExecuteScalarAsync());
    }

    [Fact]
    public async Task Declaring_a_silo_dead_waits_for_its_write_under_way()
    {
        var (old, _, oldStorage) = await JoinAsync(7001);
        var version = await oldStorage.WriteAsync(Grain, "state", null, """{"n":1}""", default, default);

        // A write of the old silo, held open in a transaction after its fence check took the row's share lock.
        await using var connection = await _dataSource.OpenConnectionAsync();
        await using var transaction = await connection.BeginTransactionAsync();
        await using (var write = new NpgsqlCommand(
            "SELECT 1 FROM silos WHERE cluster_id = 'test' AND port = 7001 AND generation = @generation AND status <> 'dead' FOR SHARE",
            connection, transaction))
        {
            write.Parameters.AddWithValue("generation", old.Generation);
            Assert.Equal(1, await write.ExecuteScalarAsync());
        }

        var declaring = DeclareDeadAsync(old);
        await using (var waiting = _dataSource.CreateCommand(
            "SELECT count(*) FROM pg_stat_activity WHERE wait_event_type = 'Lock' AND query LIKE 'UPDATE silos%'"))
        {
            await Wait.ForAsync(async () => (long)(await waiting.ExecuteScalarAsync())! == 1, "the declaration to wait for the write's lock");
        }

        Assert.False(declaring.IsCompleted);
        await transaction.CommitAsync();
        await declaring;
        await Assert.ThrowsAsync<InconsistentStateException>(
            () => oldStorage.WriteAsync(Grain, "state", version, """{"n":2}""", default, default));
    }

    private async Task<(SiloAddress Silo, MembershipFence Fence, GrainStorage Storage)> JoinAsync(int port)
    {
        var silo = await _table.JoinAsync("127.0.0.1", port, default);
        Assert.True(await _table.SetStatusAsync(silo, SiloStatus.Active, default));
        var fence = new MembershipFence(new LocalSiloIdentity(isSilo: true) { Address = silo }, Options.Create(new ClusterOptions { ClusterId = "test" }));
        return (silo, fence, new GrainStorage(_dataSource, fence));
    }

    private async Task DeclareDeadAsync(SiloAddress silo)
    {
        await using var command = _dataSource.CreateCommand(
            "UPDATE silos SET status = 'dead', updated = now() WHERE cluster_id = 'test' AND port = @port AND generation = @generation");
        command.Parameters.AddWithValue("port", silo.Port);
        command.Parameters.AddWithValue("generation", silo.Generation);
        Assert.Equal(1, await command.ExecuteNonQueryAsync());
    }

    private static async Task<(long Version, string? Json)> ReadAsync(GrainStorage storage)
    {
        var row = (await storage.ReadAsync(Grain, "state", default))!.Value;
        return (row.Version, row.Json);
    }
}
