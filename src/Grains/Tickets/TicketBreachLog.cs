using Npgsql;

namespace VetrAI.Grains.Tickets;

/// <summary>Where detected SLA breaches are recorded for later notification.</summary>
internal interface ITicketBreachLog
{
    /// <summary>Records a breach; recording the same ticket and kind again changes nothing.</summary>
    Task RecordAsync(string ticketId, string organizationId, SlaBreachKind kind, DateTimeOffset dueAt, DateTimeOffset detectedAt);
}

internal sealed class PostgresTicketBreachLog(NpgsqlDataSource database) : ITicketBreachLog
{
    public async Task RecordAsync(string ticketId, string organizationId, SlaBreachKind kind, DateTimeOffset dueAt, DateTimeOffset detectedAt)
    {
        await using var command = database.CreateCommand(
            """
            INSERT INTO ticket_sla_breaches (ticket_id, organization_id, kind, due_at, detected_at)
            VALUES ($1, $2, $3, $4, $5)
            ON CONFLICT (ticket_id, kind) DO NOTHING
            """);
        command.Parameters.Add(new NpgsqlParameter<string> { TypedValue = ticketId });
        command.Parameters.Add(new NpgsqlParameter<string> { TypedValue = organizationId });
        command.Parameters.Add(new NpgsqlParameter<string> { TypedValue = kind == SlaBreachKind.FirstResponse ? "first_response" : "resolution" });
        command.Parameters.Add(new NpgsqlParameter<DateTime> { TypedValue = dueAt.UtcDateTime });
        command.Parameters.Add(new NpgsqlParameter<DateTime> { TypedValue = detectedAt.UtcDateTime });
        await command.ExecuteNonQueryAsync();
    }
}
