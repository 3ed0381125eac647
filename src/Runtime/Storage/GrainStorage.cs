using Npgsql;
using NpgsqlTypes;
using VetrAI.Runtime.Diagnostics;
using VetrAI.Runtime.Membership;

namespace VetrAI.Runtime.Storage;

/// <summary>A stored state row: its version and its JSON (null for a cleared state's tombstone).</summary>
internal readonly record struct StoredState(long Version, string? Json);

/// <summary>The grain_state table. Every write names the version it read: an insert expects no row,
/// an update expects that version, and anything else is an <see cref="InconsistentStateException"/>.
/// Versions only grow (a clear leaves a tombstone), so a version is never reused.
/// In a cluster, every write is also fenced by the writer's membership row (<see cref="MembershipFence"/>).</summary>
internal sealed class GrainStorage(NpgsqlDataSource dataSource, MembershipFence? fence = null)
{
    private const string ReadSql =
        "SELECT version, state::text FROM grain_state WHERE grain_type = $1 AND grain_key = $2 AND state_name = $3";

    private const string InsertSql =
        "INSERT INTO grain_state (grain_type, grain_key, state_name, version, state, tenant_id, status, created_at, updated_at) "
        + "VALUES ($1, $2, $3, 1, $4, $5, $6, COALESCE($7, now()), now()) ON CONFLICT DO NOTHING";

    private const string UpdateSql =
        "UPDATE grain_state SET version = version + 1, state = $4, tenant_id = $5, status = $6, "
        + "created_at = COALESCE($7, created_at), updated_at = now() "
        + "WHERE grain_type = $1 AND grain_key = $2 AND state_name = $3 AND version = $8";

    // The fenced forms answer two things in one round trip: whether the writer's row was live
    // (share-locked until commit) and whether the versioned write happened.
    private const string FencedInsertSql =
        "WITH fence AS (" + FenceSelect + "$8 AND address = $9 AND port = $10 AND generation = $11" + FenceLock + "), "
        + "written AS (INSERT INTO grain_state (grain_type, grain_key, state_name, version, state, tenant_id, status, created_at, updated_at) "
        + "SELECT $1, $2, $3, 1, $4, $5, $6, COALESCE($7, now()), now() WHERE EXISTS (SELECT 1 FROM fence) "
        + "ON CONFLICT DO NOTHING RETURNING 1) "
        + "SELECT EXISTS (SELECT 1 FROM fence), EXISTS (SELECT 1 FROM written)";

    private const string FencedUpdateSql =
        "WITH fence AS (" + FenceSelect + "$9 AND address = $10 AND port = $11 AND generation = $12" + FenceLock + "), "
        + "written AS (UPDATE grain_state SET version = version + 1, state = $4, tenant_id = $5, status = $6, "
        + "created_at = COALESCE($7, created_at), updated_at = now() "
        + "WHERE grain_type = $1 AND grain_key = $2 AND state_name = $3 AND version = $8 AND EXISTS (SELECT 1 FROM fence) RETURNING 1) "
        + "SELECT EXISTS (SELECT 1 FROM fence), EXISTS (SELECT 1 FROM written)";

    private const string FenceSelect = "SELECT 1 FROM silos WHERE cluster_id = ";

    private const string FenceLock = " AND status <> 'dead' FOR SHARE";

    public async Task<StoredState?> ReadAsync(GrainId grainId, string stateName, CancellationToken cancellationToken)
    {
        await using var command = dataSource.CreateCommand(ReadSql);
        AddKey(command, grainId, stateName);
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        if (!await reader.ReadAsync(cancellationToken))
        {
            return null;
        }

        return new StoredState(reader.GetInt64(0), reader.IsDBNull(1) ? null : reader.GetString(1));
    }

    /// <summary>Writes the state (null <paramref name="json"/>: a tombstone) and returns the new version.</summary>
    public async Task<long> WriteAsync(GrainId grainId, string stateName, long? expectedVersion, string? json, StateIndex index, CancellationToken cancellationToken)
    {
        var writer = fence?.Writer;
        await using var command = dataSource.CreateCommand((expectedVersion, writer) switch
        {
            (null, null) => InsertSql,
            (_, null) => UpdateSql,
            (null, _) => FencedInsertSql,
            _ => FencedUpdateSql,
        });
        AddKey(command, grainId, stateName);
        command.Parameters.Add(new NpgsqlParameter { NpgsqlDbType = NpgsqlDbType.Jsonb, Value = (object?)json ?? DBNull.Value });
        command.Parameters.Add(new NpgsqlParameter { NpgsqlDbType = NpgsqlDbType.Text, Value = (object?)index.TenantId ?? DBNull.Value });
        command.Parameters.Add(new NpgsqlParameter { NpgsqlDbType = NpgsqlDbType.Text, Value = (object?)index.Status ?? DBNull.Value });
        command.Parameters.Add(new NpgsqlParameter { NpgsqlDbType = NpgsqlDbType.TimestampTz, Value = (object?)index.CreatedAt?.UtcDateTime ?? DBNull.Value });
        if (expectedVersion is { } version)
        {
            command.Parameters.Add(new NpgsqlParameter<long> { TypedValue = version });
        }

        bool written;
        if (writer is { } silo)
        {
            command.Parameters.Add(new NpgsqlParameter<string> { TypedValue = fence!.ClusterId });
            command.Parameters.Add(new NpgsqlParameter<string> { TypedValue = silo.Host });
            command.Parameters.Add(new NpgsqlParameter<int> { TypedValue = silo.Port });
            command.Parameters.Add(new NpgsqlParameter<long> { TypedValue = silo.Generation });
            await using var reader = await command.ExecuteReaderAsync(cancellationToken);
            await reader.ReadAsync(cancellationToken);
            if (!reader.GetBoolean(0))
            {
                RuntimeInstruments.StorageConflicts.Add(1);
                fence.ReportFencedOut(silo);
                throw new InconsistentStateException(
                    $"Grain {grainId}, state '{stateName}': write refused because silo {silo} was declared dead; another silo owns the grain now.");
            }

            written = reader.GetBoolean(1);
        }
        else
        {
            written = await command.ExecuteNonQueryAsync(cancellationToken) > 0;
        }

        if (!written)
        {
            RuntimeInstruments.StorageConflicts.Add(1);
            throw new InconsistentStateException(expectedVersion is { } expected
                ? $"Grain {grainId}, state '{stateName}': the stored version is no longer {expected}; another activation wrote it."
                : $"Grain {grainId}, state '{stateName}': a stored state appeared after this activation read none; another activation wrote it.");
        }

        return (expectedVersion ?? 0) + 1;
    }

    /// <summary>Clears the state, leaving a tombstone with the next version.</summary>
    public Task<long> ClearAsync(GrainId grainId, string stateName, long? expectedVersion, CancellationToken cancellationToken) =>
        WriteAsync(grainId, stateName, expectedVersion, json: null, default, cancellationToken);

    private static void AddKey(NpgsqlCommand command, GrainId grainId, string stateName)
    {
        command.Parameters.Add(new NpgsqlParameter<string> { TypedValue = grainId.Type });
        command.Parameters.Add(new NpgsqlParameter<string> { TypedValue = grainId.Key });
        command.Parameters.Add(new NpgsqlParameter<string> { TypedValue = stateName });
    }
}
