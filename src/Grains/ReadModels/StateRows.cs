using Microsoft.Extensions.Options;
using Npgsql;
using NpgsqlTypes;
using Orleans.Configuration;
using VetrAI.Grains.Abstractions.ReadModels;

namespace VetrAI.Grains.ReadModels;

/// <summary>Pages through the stored states of one state name (<c>grain_storage</c>, written by Orleans' ADO.NET
/// storage through the silo's own statements), newest first, by the indexed columns the write statement fills from
/// the state's <see cref="IIndexedState.Index"/>: tenant, status, creation time and id.</summary>
internal sealed class StateRows(NpgsqlDataSource dataSource, GrainStateJson json, IOptions<ClusterOptions> cluster)
{
    private const string Sql = """
        SELECT payload::text, created_at, entity_id
        FROM grain_storage
        WHERE service_id = $1 AND state_name = $2
          AND payload IS NOT NULL AND entity_id IS NOT NULL
          AND ($3::text IS NULL OR tenant_id = $3)
          AND ($4::text IS NULL OR status = $4)
          AND ($5::timestamptz IS NULL OR (created_at, entity_id) < ($5, $6))
          AND ($7::text IS NULL OR payload->>'priority' = $7)
          AND ($8::text IS NULL OR payload->>'assignee_id' = $8)
          AND ($9::text IS NULL OR payload->>'requester_id' = $9)
        ORDER BY created_at DESC, entity_id DESC
        LIMIT $10
        """;

    /// <summary>One page of states of <paramref name="stateName"/>, optionally of one tenant and status; the
    /// <paramref name="filters"/> match fields of the state's JSON (only tickets use them).</summary>
    public async Task<ListPage<TState>> ListAsync<TState>(
        string stateName, string? tenantId, string? status, PageQuery page, JsonFilters filters = default)
    {
        ArgumentNullException.ThrowIfNull(page);
        await using var command = dataSource.CreateCommand(Sql);
        command.Parameters.Add(Text(cluster.Value.ServiceId));
        command.Parameters.Add(Text(stateName));
        command.Parameters.Add(Text(tenantId));
        command.Parameters.Add(Text(status));
        command.Parameters.Add(new NpgsqlParameter { NpgsqlDbType = NpgsqlDbType.TimestampTz, Value = page.After is { } after ? after.CreatedAt : DBNull.Value });
        command.Parameters.Add(Text(page.After?.Id ?? ""));
        command.Parameters.Add(Text(filters.Priority));
        command.Parameters.Add(Text(filters.AssigneeId));
        command.Parameters.Add(Text(filters.RequesterId));
        command.Parameters.Add(new NpgsqlParameter { NpgsqlDbType = NpgsqlDbType.Integer, Value = page.Limit + 1 });

        var items = new List<TState>(page.Limit + 1);
        ListPosition? last = null;
        ListPosition? next = null;
        await using var reader = await command.ExecuteReaderAsync();
        while (await reader.ReadAsync())
        {
            if (items.Count == page.Limit)
            {
                next = last;
                break;
            }

            items.Add(json.Deserialize<TState>(reader.GetString(0)));
            last = new ListPosition(reader.GetFieldValue<DateTimeOffset>(1), reader.GetString(2));
        }

        return new ListPage<TState>(items, next);
    }

    private static NpgsqlParameter Text(string? value) => new() { NpgsqlDbType = NpgsqlDbType.Text, Value = (object?)value ?? DBNull.Value };
}

/// <summary>Filters on fields of a ticket state's JSON.</summary>
internal readonly record struct JsonFilters(string? Priority, string? AssigneeId, string? RequesterId);
