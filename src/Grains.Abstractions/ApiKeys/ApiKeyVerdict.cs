using System.Text.Json.Serialization;

namespace VetrAI.Grains.Abstractions.ApiKeys;

/// <summary>The answer to a validation, checked in this order.</summary>
[GenerateSerializer, Alias("vetrai.ApiKeyValidationCode")]
[JsonConverter(typeof(JsonStringEnumConverter<ApiKeyValidationCode>))]
public enum ApiKeyValidationCode
{
    /// <summary>The key may be used.</summary>
    [JsonStringEnumMemberName("VALID")]
    Valid,

    /// <summary>No key has this secret.</summary>
    [JsonStringEnumMemberName("NOT_FOUND")]
    NotFound,

    /// <summary>The key was revoked.</summary>
    [JsonStringEnumMemberName("REVOKED")]
    Revoked,

    /// <summary>The key's expiry has passed.</summary>
    [JsonStringEnumMemberName("EXPIRED")]
    Expired,

    /// <summary>An administrator disabled the key.</summary>
    [JsonStringEnumMemberName("DISABLED")]
    Disabled,

    /// <summary>The key does not grant the scope asked for.</summary>
    [JsonStringEnumMemberName("INSUFFICIENT_SCOPE")]
    InsufficientScope,

    /// <summary>The key's rate limit is used up for now.</summary>
    [JsonStringEnumMemberName("RATE_LIMITED")]
    RateLimited,

    /// <summary>The key's credits or the organization's monthly requests are used up.</summary>
    [JsonStringEnumMemberName("USAGE_EXCEEDED")]
    UsageExceeded,
}

/// <summary>Where a key stands against its rate limit after a validation.</summary>
/// <param name="Limit">Validations allowed per window.</param>
/// <param name="Remaining">Validations that would pass right now.</param>
/// <param name="ResetAt">When the bucket is full again (all of <paramref name="Limit"/> available).</param>
[GenerateSerializer, Immutable, Alias("vetrai.RateLimitStatus")]
public sealed record RateLimitStatus(int Limit, int Remaining, DateTimeOffset ResetAt);

/// <summary>The outcome of one validation. Its shape is the HTTP answer of <c>POST /api/v1/keys/validate</c>.</summary>
/// <param name="Code">The verdict.</param>
/// <param name="KeyId">The key's id, or null when no key has the secret.</param>
/// <param name="OrganizationId">The key's organization, or null when no key has the secret.</param>
/// <param name="Scopes">The key's scopes, or null when no key has the secret.</param>
/// <param name="ExpiresAt">The key's expiry, or null.</param>
/// <param name="Ratelimit">The rate limit after this validation, or null when it was not reached.</param>
/// <param name="CreditsRemaining">Credits left after this validation, or null for unlimited or not reached.</param>
[GenerateSerializer, Immutable, Alias("vetrai.ApiKeyVerdict")]
public sealed record ApiKeyVerdict(
    ApiKeyValidationCode Code,
    string? KeyId,
    string? OrganizationId,
    IReadOnlyList<string>? Scopes,
    DateTimeOffset? ExpiresAt,
    RateLimitStatus? Ratelimit,
    long? CreditsRemaining)
{
    /// <summary>The answer for a secret no key has. Shared: it carries nothing specific.</summary>
    public static ApiKeyVerdict NotFound { get; } = new(ApiKeyValidationCode.NotFound, null, null, null, null, null, null);

    /// <summary>Whether <see cref="Code"/> is <see cref="ApiKeyValidationCode.Valid"/>.</summary>
    [JsonPropertyOrder(-1)]
    public bool Valid => Code == ApiKeyValidationCode.Valid;
}
