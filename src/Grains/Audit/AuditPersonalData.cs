using System.Runtime.CompilerServices;
using System.Text;
using Npgsql;
using NpgsqlTypes;
using VetrAI.Grains.Abstractions.ReadModels;

namespace VetrAI.Grains.Audit;

/// <summary>The audit trail as it concerns one person: the entries a user's data export includes, and the rewrite
/// an account erasure makes. An entry concerns a user when they acted (<c>actor_id</c>), when it is about them
/// (<c>target</c> <c>user:&lt;id&gt;</c>), or when it names their email address (target or details: sign-in
/// attempts, invitations). Both scan the table: erasures and exports are rare, and neither is on a request's
/// hot path.</summary>
internal sealed class AuditPersonalData(NpgsqlDataSource dataSource)
{
    private const string AboutSql = $"""
        SELECT {AuditRows.Columns}
        FROM audit_log
        WHERE actor_id = $1 OR target = $2 OR lower(target) = $3
        ORDER BY created_at, id
        """;

    // The rows keep their place in the trail (id, time, action, organization); every mention of the user becomes
    // the anonymous id: the actor, the target, and any text in the details holding the user id or the email
    // address (matched without regard to case, as addresses are compared).
    private const string AnonymizeSql = """
        UPDATE audit_log SET
            actor_id = CASE WHEN actor_id = $1 THEN $3 ELSE actor_id END,
            target = CASE WHEN target = $2 OR lower(target) = $4 THEN $3
                          ELSE regexp_replace(replace(target, $1, $3), $5, $3, 'gi') END,
            details = COALESCE((
                SELECT jsonb_object_agg(d.key, CASE WHEN jsonb_typeof(d.value) = 'string'
                    THEN to_jsonb(regexp_replace(replace(d.value #>> '{}', $1, $3), $5, $3, 'gi'))
                    ELSE d.value END)
                FROM jsonb_each(details) AS d), '{}'::jsonb)
        WHERE actor_id = $1
           OR strpos(target, $1) > 0
           OR strpos(lower(target), $4) > 0
           OR strpos(details::text, $1) > 0
           OR strpos(lower(details::text), $4) > 0
        """;

    /// <summary>Every entry about the user, oldest first.</summary>
    public async IAsyncEnumerable<AuditLogEntry> ListAboutAsync(
        string userId, string normalizedEmail, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        await using var command = dataSource.CreateCommand(AboutSql);
        command.Parameters.Add(Text(userId));
        command.Parameters.Add(Text($"user:{userId}"));
        command.Parameters.Add(Text(normalizedEmail));
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
        {
            yield return AuditRows.Read(reader);
        }
    }

    /// <summary>Replaces every mention of the user (id and email address) by <paramref name="anonymousId"/>.
    /// Idempotent; answers how many entries changed.</summary>
    public async Task<int> AnonymizeAsync(string userId, string normalizedEmail, string anonymousId, CancellationToken cancellationToken)
    {
        ArgumentException.ThrowIfNullOrEmpty(userId);
        ArgumentException.ThrowIfNullOrEmpty(normalizedEmail);
        await using var command = dataSource.CreateCommand(AnonymizeSql);
        command.Parameters.Add(Text(userId));
        command.Parameters.Add(Text($"user:{userId}"));
        command.Parameters.Add(Text(anonymousId));
        command.Parameters.Add(Text(normalizedEmail));
        command.Parameters.Add(Text(LiteralPattern(normalizedEmail)));
        return await command.ExecuteNonQueryAsync(cancellationToken);
    }

    /// <summary>A PostgreSQL regular expression matching <paramref name="text"/> literally: in its syntax a
    /// backslash before an ASCII character that is not a letter or digit stands for that character (other
    /// characters are no operators).</summary>
    private static string LiteralPattern(string text)
    {
        var pattern = new StringBuilder(text.Length * 2);
        foreach (var c in text)
        {
            if (char.IsAscii(c) && !char.IsAsciiLetterOrDigit(c))
            {
                pattern.Append('\\');
            }

            pattern.Append(c);
        }

        return pattern.ToString();
    }

    private static NpgsqlParameter Text(string value) => new() { NpgsqlDbType = NpgsqlDbType.Text, Value = value };
}
