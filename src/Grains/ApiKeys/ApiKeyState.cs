using System.Text.Json.Serialization;
using VetrAI.Grains.ReadModels;
using System.Text.Json;
using VetrAI.Grains.Abstractions.ApiKeys;

namespace VetrAI.Grains.ApiKeys;

/// <summary>A key's credits as stored: the balance and when it was last refilled (creation counts as one), the
/// balance a period starts with (the refill amount, else the first balance; null for keys stored before it was
/// kept), and whether the organization was told the balance ran under 10 % of it.</summary>
internal sealed record CreditState(long Remaining, CreditRefill? Refill, DateTimeOffset RefilledAt, long? Allotment = null, bool LowNotified = false)
{
    /// <summary>The balance "low" is measured against.</summary>
    public long? Reference => Refill?.Amount ?? Allotment;
}

/// <summary>The stored state of <see cref="ApiKeyGrain"/>. An empty <see cref="Id"/> means no key has this hash.
/// Credits and usage totals change in memory on every validation and are written at each flush.</summary>
internal sealed record ApiKeyState : IIndexedState
{
    public static readonly IReadOnlyDictionary<string, JsonElement> NoMetadata = new Dictionary<string, JsonElement>();

    public string Id { get; init; } = "";

    public string OrganizationId { get; init; } = "";

    public string Prefix { get; init; } = "";

    public string Name { get; init; } = "";

    public IReadOnlyList<string> Scopes { get; init; } = [];

    public DateTimeOffset? ExpiresAt { get; init; }

    public RateLimitSetting? RateLimit { get; init; }

    public CreditState? Credits { get; init; }

    public IReadOnlyDictionary<string, JsonElement> Metadata { get; init; } = NoMetadata;

    public bool Enabled { get; init; } = true;

    public DateTimeOffset? RevokedAt { get; init; }

    public DateTimeOffset CreatedAt { get; init; }

    public ApiKeyUsageTotals Usage { get; init; } = ApiKeyUsageTotals.None;

    [JsonPropertyName("index")]
    public StateIndex Index => new(Id, OrganizationId, RevokedAt is null ? "active" : "revoked", CreatedAt);

    public ApiKeyInfo ToInfo() => new(
        Id,
        OrganizationId,
        Prefix,
        Name,
        Scopes,
        ExpiresAt,
        RateLimit,
        Credits is null ? null : new CreditSetting(Credits.Remaining, Credits.Refill),
        Metadata,
        Enabled,
        RevokedAt,
        CreatedAt,
        Usage);
}
