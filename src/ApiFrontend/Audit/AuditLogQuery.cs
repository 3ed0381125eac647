using System.Text.Json;
using Npgsql;
using NpgsqlTypes;
using VetrAI.ApiFrontend.Paging;

namespace VetrAI.ApiFrontend.Audit;

/// <summary>Reads an organization's audit log (the <c>audit_log</c> table grains write), newest first.</summary>
internal sealed class AuditLogQuery(NpgsqlDataSource dataSource)
{
    private const string Sql = """
        SELECT id, org_id, actor_id, action, target, details::text, request_id, created_at
        FROM audit_log
        WHERE org_id = $1
          AND ($2::text IS NULL OR action = $2)
          AND ($3::timestamptz IS NULL OR (created_at, id) < ($3, $4))
        ORDER BY created_at DESC, id DESC
        LIMIT $5
        """;

    public async Task<Page<AuditLogEntryResponse>> ListAsync(string organizationId, string? action, PageRequest page, CancellationToken cancellationToken)
    {
        var afterId = Guid.Empty;
        if (page.After is { } after && !Guid.TryParseExact(after.Id, "D", out afterId))
        {
            throw new Grains.Abstractions.Errors.InvalidInputException("cursor is not valid; pass the next_cursor of a previous page.");
        }

        await using var command = dataSource.CreateCommand(Sql);
        command.Parameters.Add(new NpgsqlParameter { NpgsqlDbType = NpgsqlDbType.Text, Value = organizationId });
        command.Parameters.Add(new NpgsqlParameter { NpgsqlDbType = NpgsqlDbType.Text, Value = (object?)action ?? DBNull.Value });
        command.Parameters.Add(new NpgsqlParameter
        {
            NpgsqlDbType = NpgsqlDbType.TimestampTz,
            Value = page.After is { } position ? position.CreatedAt : DBNull.Value,
        });
        command.Parameters.Add(new NpgsqlParameter { NpgsqlDbType = NpgsqlDbType.Uuid, Value = afterId });
        command.Parameters.Add(new NpgsqlParameter { NpgsqlDbType = NpgsqlDbType.Integer, Value = page.Limit + 1 });

        var items = new List<AuditLogEntryResponse>(page.Limit + 1);
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
        {
            using var details = JsonDocument.Parse(reader.GetString(5));
            items.Add(new AuditLogEntryResponse(
                reader.GetGuid(0).ToString("D"),
                reader.IsDBNull(1) ? null : reader.GetString(1),
                reader.IsDBNull(2) ? null : reader.GetString(2),
                reader.GetString(3),
                reader.IsDBNull(4) ? null : reader.GetString(4),
                details.RootElement.Clone(),
                reader.IsDBNull(6) ? null : reader.GetString(6),
                reader.GetFieldValue<DateTimeOffset>(7)));
        }

        string? next = null;
        if (items.Count > page.Limit)
        {
            var last = items[page.Limit - 1];
            next = new Cursor(last.CreatedAt, last.Id).Encode();
            items.RemoveAt(page.Limit);
        }

        return new Page<AuditLogEntryResponse>(items, next);
    }
}

/// <summary>One audit event on the wire.</summary>
public sealed record AuditLogEntryResponse(
    string Id,
    string? OrganizationId,
    string? ActorId,
    string Action,
    string? Target,
    JsonElement Details,
    string? RequestId,
    DateTimeOffset CreatedAt);
