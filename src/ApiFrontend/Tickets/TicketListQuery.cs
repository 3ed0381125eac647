using Npgsql;
using NpgsqlTypes;
using VetrAI.ApiFrontend.Paging;

namespace VetrAI.ApiFrontend.Tickets;

/// <summary>Finds tickets of an organization, newest first, one page of keys at a time: the indexed columns
/// for organization and status, and the ticket state's pinned JSON fields for priority, assignee and requester.</summary>
public sealed class TicketListQuery(NpgsqlDataSource dataSource)
{
    private const string Sql = """
        SELECT grain_key, created_at
        FROM grain_state
        WHERE grain_type = 'ticket' AND state_name = 'ticket'
          AND state IS NOT NULL
          AND tenant_id = $1
          AND ($2::text IS NULL OR status = $2)
          AND ($3::text IS NULL OR state->>'priority' = $3)
          AND ($4::text IS NULL OR state->>'assignee_id' = $4)
          AND ($5::text IS NULL OR state->>'requester_id' = $5)
          AND ($6::timestamptz IS NULL OR (created_at, grain_key) < ($6, $7))
        ORDER BY created_at DESC, grain_key DESC
        LIMIT $8
        """;

    public async Task<(IReadOnlyList<string> Keys, string? NextCursor)> ListAsync(
        string organizationId, string? status, string? priority, string? assigneeId, string? requesterId, PageRequest page, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(page);
        await using var command = dataSource.CreateCommand(Sql);
        command.Parameters.Add(Text(organizationId));
        command.Parameters.Add(Text(status));
        command.Parameters.Add(Text(priority));
        command.Parameters.Add(Text(assigneeId));
        command.Parameters.Add(Text(requesterId));
        command.Parameters.Add(new NpgsqlParameter { NpgsqlDbType = NpgsqlDbType.TimestampTz, Value = page.After is { } after ? after.CreatedAt : DBNull.Value });
        command.Parameters.Add(Text(page.After?.Id ?? ""));
        command.Parameters.Add(new NpgsqlParameter { NpgsqlDbType = NpgsqlDbType.Integer, Value = page.Limit + 1 });

        var rows = new List<(string Key, DateTimeOffset CreatedAt)>(page.Limit + 1);
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
        {
            rows.Add((reader.GetString(0), reader.GetFieldValue<DateTimeOffset>(1)));
        }

        var next = rows.Count > page.Limit ? new Cursor(rows[page.Limit - 1].CreatedAt, rows[page.Limit - 1].Key).Encode() : null;
        return ([.. rows.Take(page.Limit).Select(r => r.Key)], next);
    }

    private static NpgsqlParameter Text(string? value) => new() { NpgsqlDbType = NpgsqlDbType.Text, Value = (object?)value ?? DBNull.Value };
}
