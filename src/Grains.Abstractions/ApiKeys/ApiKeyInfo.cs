using System.Text.Json;

namespace VetrAI.Grains.Abstractions.ApiKeys;

/// <summary>Lifetime validation counts of a key.</summary>
/// <param name="Valid">Validations answered VALID.</param>
/// <param name="Rejected">Validations answered with any other code (NOT_FOUND excepted: an unknown
/// secret belongs to no key).</param>
/// <param name="LastUsedAt">The last validation, or null if the key was never presented.</param>
[GenerateSerializer, Immutable, Alias("vetrai.ApiKeyUsageTotals")]
public sealed record ApiKeyUsageTotals(long Valid, long Rejected, DateTimeOffset? LastUsedAt)
{
    /// <summary>A key that was never presented.</summary>
    public static ApiKeyUsageTotals None { get; } = new(0, 0, null);
}

/// <summary>A key as its organization sees it: never its secret.</summary>
/// <param name="Id">The key's id.</param>
/// <param name="OrganizationId">The organization that owns the key.</param>
/// <param name="Prefix">The first characters of the secret, for recognising it.</param>
/// <param name="Name">Display name.</param>
/// <param name="Scopes">Scopes the key grants.</param>
/// <param name="ExpiresAt">When it stops being valid, or null.</param>
/// <param name="RateLimit">Its own rate limit, or null for the organization's.</param>
/// <param name="Credits">Its credits now, or null for unlimited.</param>
/// <param name="Metadata">Free-form values kept with the key.</param>
/// <param name="Enabled">False while an administrator has disabled it.</param>
/// <param name="RevokedAt">When it was revoked, or null.</param>
/// <param name="CreatedAt">When it was created.</param>
/// <param name="Usage">Lifetime validation counts, including those not yet flushed.</param>
[GenerateSerializer, Immutable, Alias("vetrai.ApiKeyInfo")]
public sealed record ApiKeyInfo(
    string Id,
    string OrganizationId,
    string Prefix,
    string Name,
    IReadOnlyList<string> Scopes,
    DateTimeOffset? ExpiresAt,
    RateLimitSetting? RateLimit,
    CreditSetting? Credits,
    IReadOnlyDictionary<string, JsonElement> Metadata,
    bool Enabled,
    DateTimeOffset? RevokedAt,
    DateTimeOffset CreatedAt,
    ApiKeyUsageTotals Usage);

/// <summary>A key just created: the only time its secret is seen.</summary>
/// <param name="Key">The full secret, <c>vetrai_</c> followed by base62.</param>
/// <param name="Info">The key's details.</param>
[GenerateSerializer, Immutable, Alias("vetrai.NewApiKey")]
public sealed record NewApiKey(string Key, ApiKeyInfo Info);

/// <summary>One page of an organization's keys, oldest first.</summary>
/// <param name="Items">The keys of this page.</param>
/// <param name="NextCursor">Pass it back to get the next page; null on the last page.</param>
[GenerateSerializer, Immutable, Alias("vetrai.ApiKeyPage")]
public sealed record ApiKeyPage(IReadOnlyList<ApiKeyInfo> Items, string? NextCursor);
