using System.Text.Json;
using VetrAI.Grains.Abstractions.ApiKeys;

namespace VetrAI.ApiFrontend.ApiKeys;

/// <summary><c>credits.refill</c> on the wire.</summary>
public sealed record CreditRefillResponse(string Interval, long Amount);

/// <summary><c>credits</c> on the wire.</summary>
public sealed record CreditsResponse(long Remaining, CreditRefillResponse? Refill)
{
    public static CreditsResponse? From(CreditSetting? credits) => credits is null
        ? null
        : new CreditsResponse(credits.Remaining, credits.Refill is { } r
            ? new CreditRefillResponse(r.Interval == CreditRefillInterval.Daily ? "daily" : "monthly", r.Amount)
            : null);
}

/// <summary><c>rate_limit</c> on the wire.</summary>
public sealed record RateLimitResponse(int Limit, int WindowSeconds)
{
    public static RateLimitResponse? From(RateLimitSetting? rateLimit)
        => rateLimit is null ? null : new RateLimitResponse(rateLimit.Limit, rateLimit.WindowSeconds);
}

/// <summary>A key's lifetime validation counts.</summary>
public sealed record UsageTotalsResponse(long Valid, long Rejected, DateTimeOffset? LastUsedAt);

/// <summary>The answer of create and roll: the only one that carries the secret.</summary>
public sealed record CreatedKeyResponse(
    string Id,
    string Key,
    string Prefix,
    string Name,
    IReadOnlyList<string> Scopes,
    DateTimeOffset? ExpiresAt,
    RateLimitResponse? RateLimit,
    CreditsResponse? Credits,
    DateTimeOffset CreatedAt)
{
    public static CreatedKeyResponse From(NewApiKey created)
    {
        ArgumentNullException.ThrowIfNull(created);
        var info = created.Info;
        return new CreatedKeyResponse(info.Id, created.Key, info.Prefix, info.Name, info.Scopes, info.ExpiresAt,
            RateLimitResponse.From(info.RateLimit), CreditsResponse.From(info.Credits), info.CreatedAt);
    }
}

/// <summary>A key in lists and reads: never its secret.</summary>
public sealed record KeyResponse(
    string Id,
    string Prefix,
    string Name,
    string OrganizationId,
    IReadOnlyList<string> Scopes,
    DateTimeOffset? ExpiresAt,
    RateLimitResponse? RateLimit,
    CreditsResponse? Credits,
    IReadOnlyDictionary<string, JsonElement> Metadata,
    bool Enabled,
    DateTimeOffset? RevokedAt,
    DateTimeOffset CreatedAt,
    UsageTotalsResponse Usage)
{
    public static KeyResponse From(ApiKeyInfo info)
    {
        ArgumentNullException.ThrowIfNull(info);
        return new KeyResponse(info.Id, info.Prefix, info.Name, info.OrganizationId, info.Scopes, info.ExpiresAt,
            RateLimitResponse.From(info.RateLimit), CreditsResponse.From(info.Credits), info.Metadata, info.Enabled,
            info.RevokedAt, info.CreatedAt, new UsageTotalsResponse(info.Usage.Valid, info.Usage.Rejected, info.Usage.LastUsedAt));
    }
}

/// <summary>One bucket of <c>GET /keys/{id}/usage</c>; <c>rejected_by_code</c> lists only codes that occurred.</summary>
public sealed record UsageBucketResponse(DateTimeOffset Start, long Valid, long Rejected, IReadOnlyDictionary<string, long> RejectedByCode);

/// <summary><c>GET /keys/{id}/usage</c>: non-empty buckets, oldest first.</summary>
public sealed record UsageResponse(string KeyId, string Granularity, DateTimeOffset From, DateTimeOffset To, IReadOnlyList<UsageBucketResponse> Buckets)
{
    public static UsageResponse Of(ApiKeyUsageReport report)
    {
        ArgumentNullException.ThrowIfNull(report);
        return new UsageResponse(
            report.KeyId,
            ApiKeyQueryValues.Name(report.Granularity),
            report.From,
            report.To,
            report.Buckets.Select(b => new UsageBucketResponse(
                b.Start, b.Valid, b.Rejected, b.RejectedByCode.ToDictionary(c => ApiKeyQueryValues.Name(c.Key), c => c.Value))).ToList());
    }
}
