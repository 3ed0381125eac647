using Npgsql;
using NpgsqlTypes;
using VetrAI.Grains.Abstractions.ApiKeys;
using VetrAI.Grains.Billing;

namespace VetrAI.Grains.ApiKeys;

/// <summary>The api_key_usage table: per key and minute, VALID and rejected counts (and rejections per code).
/// Key grains add to it at each flush; usage reports read it.</summary>
internal sealed class ApiKeyUsageStore(NpgsqlDataSource dataSource) : IOrganizationUsageReader
{
    private const string AddSql = """
        INSERT INTO api_key_usage AS u
            (key_id, org_id, minute, valid, rejected, revoked, expired, disabled, insufficient_scope, rate_limited, usage_exceeded)
        SELECT @key_id, @org_id, m.minute, m.valid, m.revoked + m.expired + m.disabled + m.insufficient_scope + m.rate_limited + m.usage_exceeded,
               m.revoked, m.expired, m.disabled, m.insufficient_scope, m.rate_limited, m.usage_exceeded
        FROM unnest(@minutes, @valid, @revoked, @expired, @disabled, @insufficient_scope, @rate_limited, @usage_exceeded)
             AS m(minute, valid, revoked, expired, disabled, insufficient_scope, rate_limited, usage_exceeded)
        ON CONFLICT (key_id, minute) DO UPDATE SET
            valid = u.valid + excluded.valid,
            rejected = u.rejected + excluded.rejected,
            revoked = u.revoked + excluded.revoked,
            expired = u.expired + excluded.expired,
            disabled = u.disabled + excluded.disabled,
            insufficient_scope = u.insufficient_scope + excluded.insufficient_scope,
            rate_limited = u.rate_limited + excluded.rate_limited,
            usage_exceeded = u.usage_exceeded + excluded.usage_exceeded
        """;

    private const string QuerySql = """
        SELECT date_trunc(@granularity, minute, 'UTC') AS bucket,
               sum(valid)::bigint, sum(rejected)::bigint, sum(revoked)::bigint, sum(expired)::bigint, sum(disabled)::bigint,
               sum(insufficient_scope)::bigint, sum(rate_limited)::bigint, sum(usage_exceeded)::bigint
        FROM api_key_usage
        WHERE key_id = @key_id AND minute >= @from AND minute < @to
        GROUP BY bucket
        ORDER BY bucket
        """;

    private const string OrganizationValidSql = """
        SELECT coalesce(sum(valid), 0)::bigint FROM api_key_usage WHERE org_id = @org_id AND minute >= @from AND minute < @to
        """;

    private static readonly ApiKeyValidationCode[] RejectionCodes =
    [
        ApiKeyValidationCode.Revoked,
        ApiKeyValidationCode.Expired,
        ApiKeyValidationCode.Disabled,
        ApiKeyValidationCode.InsufficientScope,
        ApiKeyValidationCode.RateLimited,
        ApiKeyValidationCode.UsageExceeded,
    ];

    public async Task AddAsync(string keyId, string organizationId, IReadOnlyList<UsageMinute> minutes, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(minutes);
        if (minutes.Count == 0)
        {
            return;
        }

        await using var command = dataSource.CreateCommand(AddSql);
        command.Parameters.AddWithValue("key_id", keyId);
        command.Parameters.AddWithValue("org_id", organizationId);
        command.Parameters.Add(new NpgsqlParameter<DateTime[]>("minutes", NpgsqlDbType.Array | NpgsqlDbType.TimestampTz)
        {
            TypedValue = minutes.Select(m => m.Minute.UtcDateTime).ToArray(),
        });
        command.Parameters.AddWithValue("valid", Column(minutes, ApiKeyValidationCode.Valid));
        command.Parameters.AddWithValue("revoked", Column(minutes, ApiKeyValidationCode.Revoked));
        command.Parameters.AddWithValue("expired", Column(minutes, ApiKeyValidationCode.Expired));
        command.Parameters.AddWithValue("disabled", Column(minutes, ApiKeyValidationCode.Disabled));
        command.Parameters.AddWithValue("insufficient_scope", Column(minutes, ApiKeyValidationCode.InsufficientScope));
        command.Parameters.AddWithValue("rate_limited", Column(minutes, ApiKeyValidationCode.RateLimited));
        command.Parameters.AddWithValue("usage_exceeded", Column(minutes, ApiKeyValidationCode.UsageExceeded));
        await command.ExecuteNonQueryAsync(cancellationToken);
    }

    public async Task<IReadOnlyList<ApiKeyUsageBucket>> QueryAsync(
        string keyId, DateTimeOffset from, DateTimeOffset to, UsageGranularity granularity, CancellationToken cancellationToken)
    {
        await using var command = dataSource.CreateCommand(QuerySql);
        command.Parameters.AddWithValue("granularity", granularity switch
        {
            UsageGranularity.Minute => "minute",
            UsageGranularity.Hour => "hour",
            _ => "day",
        });
        command.Parameters.AddWithValue("key_id", keyId);
        command.Parameters.AddWithValue("from", from.UtcDateTime);
        command.Parameters.AddWithValue("to", to.UtcDateTime);

        var buckets = new List<ApiKeyUsageBucket>();
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
        {
            var byCode = new Dictionary<ApiKeyValidationCode, long>();
            for (var i = 0; i < RejectionCodes.Length; i++)
            {
                var count = reader.GetInt64(3 + i);
                if (count != 0)
                {
                    byCode[RejectionCodes[i]] = count;
                }
            }

            var start = new DateTimeOffset(DateTime.SpecifyKind(reader.GetDateTime(0), DateTimeKind.Utc));
            buckets.Add(new ApiKeyUsageBucket(start, reader.GetInt64(1), reader.GetInt64(2), byCode));
        }

        return buckets;
    }

    public async Task<long> CountValidAsync(string organizationId, DateTimeOffset from, DateTimeOffset to, CancellationToken cancellationToken)
    {
        await using var command = dataSource.CreateCommand(OrganizationValidSql);
        command.Parameters.AddWithValue("org_id", organizationId);
        command.Parameters.AddWithValue("from", from.UtcDateTime);
        command.Parameters.AddWithValue("to", to.UtcDateTime);
        return (long)(await command.ExecuteScalarAsync(cancellationToken))!;
    }

    private static long[] Column(IReadOnlyList<UsageMinute> minutes, ApiKeyValidationCode code)
    {
        var column = new long[minutes.Count];
        for (var i = 0; i < column.Length; i++)
        {
            column[i] = minutes[i].Counts[(int)code];
        }

        return column;
    }
}
