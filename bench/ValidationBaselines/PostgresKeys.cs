using System.Text.Json.Serialization;
using Npgsql;

namespace VetrAI.Bench.ValidationBaselines;

internal sealed record ValidateRequest(string? Key, string? Scope, int? Cost);

internal sealed record RateLimitBody(int Limit, int Remaining, string ResetAt);

internal sealed record ValidateResponse(
    bool Valid, string Code, string? KeyId, string? OrganizationId, IReadOnlyList<string>? Scopes,
    string? ExpiresAt, RateLimitBody? Ratelimit, long? CreditsRemaining);

[JsonSourceGenerationOptions(PropertyNamingPolicy = JsonKnownNamingPolicy.SnakeCaseLower)]
[JsonSerializable(typeof(ValidateRequest))]
[JsonSerializable(typeof(ValidateResponse))]
internal sealed partial class BaselineJsonContext : JsonSerializerContext;

/// <summary>The design VetrAI replaced: the key is a row, every validation reads it by hash and then adds
/// one to its usage counter, two round trips to PostgreSQL per validation.</summary>
internal sealed class PostgresKeys(NpgsqlDataSource dataSource)
{
    private static readonly ValidateResponse NotFound = new(false, "NOT_FOUND", null, null, null, null, null, null);

    public static async Task SeedAsync(NpgsqlDataSource dataSource, string secret)
    {
        await using var command = dataSource.CreateCommand("""
            CREATE TABLE IF NOT EXISTS bench_api_keys (
                id text PRIMARY KEY, key_hash text NOT NULL UNIQUE, org_id text NOT NULL, scopes text[] NOT NULL,
                expires_at timestamptz, revoked boolean NOT NULL, enabled boolean NOT NULL, rate_limit integer NOT NULL,
                usage_count bigint NOT NULL DEFAULT 0, last_used_at timestamptz);
            INSERT INTO bench_api_keys (id, key_hash, org_id, scopes, revoked, enabled, rate_limit)
            VALUES ('0f8fad5bd9cb469fa16570867728950e', @hash, '7c9e6679742545e5a3a7c3f5b5c0e1d2', '{}', false, true, 1000000)
            ON CONFLICT (id) DO UPDATE SET key_hash = excluded.key_hash, usage_count = 0;
            """);
        command.Parameters.AddWithValue("hash", ValidationBody.Hash(secret));
        await command.ExecuteNonQueryAsync();
    }

    public async Task<ValidateResponse> ValidateAsync(ValidateRequest request, CancellationToken cancellationToken)
    {
        if (request.Key is null)
        {
            return NotFound;
        }

        string id, org;
        string[] scopes;
        DateTime? expiresAt;
        bool revoked, enabled;
        int rateLimit;
        await using (var select = dataSource.CreateCommand(
            "SELECT id, org_id, scopes, expires_at, revoked, enabled, rate_limit FROM bench_api_keys WHERE key_hash = @hash"))
        {
            select.Parameters.AddWithValue("hash", ValidationBody.Hash(request.Key));
            await using var reader = await select.ExecuteReaderAsync(cancellationToken);
            if (!await reader.ReadAsync(cancellationToken))
            {
                return NotFound;
            }

            id = reader.GetString(0);
            org = reader.GetString(1);
            scopes = reader.GetFieldValue<string[]>(2);
            expiresAt = reader.IsDBNull(3) ? null : reader.GetDateTime(3);
            revoked = reader.GetBoolean(4);
            enabled = reader.GetBoolean(5);
            rateLimit = reader.GetInt32(6);
        }

        var code = revoked ? "REVOKED"
            : expiresAt <= DateTime.UtcNow ? "EXPIRED"
            : !enabled ? "DISABLED"
            : request.Scope is not null && !scopes.Contains(request.Scope) ? "INSUFFICIENT_SCOPE"
            : "VALID";

        long usage;
        await using (var update = dataSource.CreateCommand(
            "UPDATE bench_api_keys SET usage_count = usage_count + 1, last_used_at = now() WHERE id = @id RETURNING usage_count"))
        {
            update.Parameters.AddWithValue("id", id);
            usage = (long)(await update.ExecuteScalarAsync(cancellationToken))!;
        }

        var remaining = (int)Math.Max(0, rateLimit - (usage % rateLimit));
        return new ValidateResponse(code == "VALID", code, id, org, scopes, expiresAt?.ToString("O"),
            new RateLimitBody(rateLimit, remaining, DateTimeOffset.UtcNow.AddMinutes(1).ToString("O")), null);
    }
}
