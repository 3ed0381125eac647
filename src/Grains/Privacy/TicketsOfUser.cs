using System.Runtime.CompilerServices;
using System.Text.Json.Nodes;
using Microsoft.Extensions.Options;
using Npgsql;
using NpgsqlTypes;
using Orleans.Configuration;
using VetrAI.Grains.ReadModels;
using VetrAI.Grains.Tickets;

namespace VetrAI.Grains.Privacy;

/// <summary>The tickets of an organization in which a user took part (requester, assignee, comment author or
/// attachment uploader), read from the rows the ticket grains wrote: for the user's export and erasure.</summary>
internal sealed class TicketsOfUser(NpgsqlDataSource dataSource, GrainStateJson json, IOptions<ClusterOptions> cluster)
{
    private const string Sql = $"""
        SELECT payload::text
        FROM grain_storage
        WHERE service_id = $1 AND state_name = '{TicketGrain.StateName}' AND payload IS NOT NULL AND tenant_id = $2
          AND (payload->>'requester_id' = $3 OR payload->>'assignee_id' = $3
               OR payload::jsonb->'comments' @> $4 OR payload::jsonb->'attachments' @> $5)
        ORDER BY created_at, entity_id
        """;

    public async IAsyncEnumerable<TicketState> ListAsync(string organizationId, string userId, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        await using var command = dataSource.CreateCommand(Sql);
        command.Parameters.Add(new NpgsqlParameter { NpgsqlDbType = NpgsqlDbType.Text, Value = cluster.Value.ServiceId });
        command.Parameters.Add(new NpgsqlParameter { NpgsqlDbType = NpgsqlDbType.Text, Value = organizationId });
        command.Parameters.Add(new NpgsqlParameter { NpgsqlDbType = NpgsqlDbType.Text, Value = userId });
        command.Parameters.Add(Containing("author_id", userId));
        command.Parameters.Add(Containing("uploaded_by", userId));
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
        {
            yield return json.Deserialize<TicketState>(reader.GetString(0));
        }
    }

    /// <summary>A JSON array holding one object with <paramref name="field"/> = <paramref name="value"/>: what an
    /// array of comments or attachments contains (<c>@&gt;</c>) when one of them has it.</summary>
    private static NpgsqlParameter Containing(string field, string value)
        => new() { NpgsqlDbType = NpgsqlDbType.Jsonb, Value = new JsonArray(new JsonObject { [field] = value }).ToJsonString() };
}
