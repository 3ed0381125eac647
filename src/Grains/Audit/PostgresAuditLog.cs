using System.Text.Json;
using Microsoft.Extensions.Logging;
using Npgsql;
using NpgsqlTypes;

namespace VetrAI.Grains.Audit;

internal sealed partial class PostgresAuditLog(NpgsqlDataSource dataSource, TimeProvider timeProvider, ILogger<PostgresAuditLog> logger) : IAuditLog
{
    private const string InsertSql = """
        INSERT INTO audit_log (id, org_id, actor_id, action, target, details, request_id, created_at)
        VALUES ($1, $2, $3, $4, $5, $6, $7, $8)
        """;

    public async Task WriteAsync(AuditEntry entry, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(entry);
        var details = new Dictionary<string, string?>(entry.Details ?? new Dictionary<string, string?>());
        if (entry.Actor.ClientAddress is { } address)
        {
            details["client_address"] = address;
        }

        if (entry.Actor.UserAgent is { } userAgent)
        {
            details["user_agent"] = userAgent;
        }

        try
        {
            await using var command = dataSource.CreateCommand(InsertSql);
            command.Parameters.Add(new NpgsqlParameter { Value = Guid.CreateVersion7(timeProvider.GetUtcNow()) });
            command.Parameters.Add(new NpgsqlParameter { Value = (object?)entry.OrganizationId ?? DBNull.Value });
            command.Parameters.Add(new NpgsqlParameter { Value = (object?)entry.Actor.UserId ?? DBNull.Value });
            command.Parameters.Add(new NpgsqlParameter { Value = entry.Action });
            command.Parameters.Add(new NpgsqlParameter { Value = (object?)entry.Target ?? DBNull.Value });
            command.Parameters.Add(new NpgsqlParameter
            {
                NpgsqlDbType = NpgsqlDbType.Jsonb,
                Value = JsonSerializer.Serialize(details, AuditStateJsonContext.Default.DictionaryStringString),
            });
            command.Parameters.Add(new NpgsqlParameter { Value = (object?)entry.Actor.RequestId ?? DBNull.Value });
            command.Parameters.Add(new NpgsqlParameter { Value = timeProvider.GetUtcNow() });
            await command.ExecuteNonQueryAsync(cancellationToken);
        }
        catch (Exception exception) when (exception is NpgsqlException or TimeoutException or InvalidOperationException)
        {
            // The command this event describes is already done; losing the record is bad, failing the command
            // after the fact would be worse (the client would retry something that happened).
            LogWriteFailed(logger, exception, entry.Action, entry.OrganizationId, entry.Actor.RequestId);
        }
    }

    [LoggerMessage(Level = LogLevel.Error, Message = "Could not record audit event {Action} of organization {OrganizationId} (request {RequestId})")]
    private static partial void LogWriteFailed(ILogger logger, Exception exception, string action, string? organizationId, string? requestId);
}
