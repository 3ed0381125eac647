using Npgsql;
using NpgsqlTypes;

namespace VetrAI.ApiFrontend.Paging;

/// <summary>Lists grains of one type by the indexed columns the runtime keeps beside their state
/// (<c>tenant_id</c>, <c>status</c>, <c>created_at</c>), newest first, one page at a time. It returns keys
/// only: the handler asks each grain for its data, so the read side never depends on the state's JSON shape.</summary>
public sealed class GrainIndexQuery(NpgsqlDataSource dataSource)
{
    private const string Sql = """
        SELECT grain_key, created_at
        FROM grain_state
        WHERE grain_type = $1
          AND state IS NOT NULL
          AND created_at IS NOT NULL
          AND ($2::text IS NULL OR tenant_id = $2)
          AND ($3::text[] IS NULL OR status = ANY($3))
          AND ($4::timestamptz IS NULL OR (created_at, grain_key) < ($4, $5))
        ORDER BY created_at DESC, grain_key DESC
        LIMIT $6
        """;

    /// <summary>One page of keys of grains of <paramref name="grainType"/>, optionally of one tenant and with one of
    /// <paramref name="statuses"/>, and the cursor of the next page (null on the last).</summary>
    public async Task<(IReadOnlyList<string> Keys, string? NextCursor)> ListAsync(
        string grainType,
        string? tenantId,
        IReadOnlyList<string>? statuses,
        PageRequest page,
        CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(page);
        await using var command = dataSource.CreateCommand(Sql);
        command.Parameters.Add(new NpgsqlParameter { NpgsqlDbType = NpgsqlDbType.Text, Value = grainType });
        command.Parameters.Add(new NpgsqlParameter { NpgsqlDbType = NpgsqlDbType.Text, Value = (object?)tenantId ?? DBNull.Value });
        command.Parameters.Add(new NpgsqlParameter
        {
            NpgsqlDbType = NpgsqlDbType.Array | NpgsqlDbType.Text,
            Value = statuses is null ? DBNull.Value : statuses.ToArray(),
        });
        command.Parameters.Add(new NpgsqlParameter
        {
            NpgsqlDbType = NpgsqlDbType.TimestampTz,
            Value = page.After is { } after ? after.CreatedAt : DBNull.Value,
        });
        command.Parameters.Add(new NpgsqlParameter { NpgsqlDbType = NpgsqlDbType.Text, Value = page.After?.Id ?? "" });
        command.Parameters.Add(new NpgsqlParameter { NpgsqlDbType = NpgsqlDbType.Integer, Value = page.Limit + 1 });

        var rows = new List<(string Key, DateTimeOffset CreatedAt)>(page.Limit + 1);
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
        {
            rows.Add((reader.GetString(0), reader.GetFieldValue<DateTimeOffset>(1)));
        }

        var next = rows.Count > page.Limit ? new Cursor(rows[page.Limit - 1].CreatedAt, rows[page.Limit - 1].Key).Encode() : null;
        return (rows.Take(page.Limit).Select(r => r.Key).ToList(), next);
    }
}
