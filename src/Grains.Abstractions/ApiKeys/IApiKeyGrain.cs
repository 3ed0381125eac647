
namespace VetrAI.Grains.Abstractions.ApiKeys;

/// <summary>Who a key is, fixed at creation.</summary>
/// <param name="Id">The key's id.</param>
/// <param name="OrganizationId">The owning organization.</param>
/// <param name="Prefix">The first characters of the secret.</param>
/// <param name="CreatedAt">Creation time.</param>
[GenerateSerializer, Immutable, Alias("vetrai.ApiKeyIdentity")]
public sealed record ApiKeyIdentity(string Id, string OrganizationId, string Prefix, DateTimeOffset CreatedAt);

/// <summary>One API key, keyed by the lowercase hex SHA-256 of its secret. It is the single owner of
/// everything a validation needs (settings, revocation, the token bucket, credits, usage counts), so a
/// validation is one call answered from memory. Usage is flushed to PostgreSQL in the background.
/// Only <see cref="IApiKeyRegistryGrain"/> creates and changes keys; the front end calls
/// <see cref="ValidateAsync"/> directly.</summary>
[Alias("apikey")]
public interface IApiKeyGrain : IGrainWithStringKey
{
    /// <summary>Stores a new key under this hash. Throws ConflictException if one exists.</summary>
    Task<ApiKeyInfo> InitializeAsync(ApiKeyIdentity identity, ApiKeySpec spec);

    /// <summary>Validates one use of the key: checks in the order of <see cref="ApiKeyValidationCode"/>,
    /// and on VALID takes a rate-limit token and <paramref name="cost"/> credits. No I/O.</summary>
    /// <param name="scope">The scope the caller needs, or null.</param>
    /// <param name="cost">Credits this use costs (0 or more).</param>
    // Answered from memory in microseconds: a caller whose key grain's silo just died waits this long at
    // most (not the general call timeout) before its retry reaches the new owner.
    [ResponseTimeout("00:00:05")]
    ValueTask<ApiKeyVerdict> ValidateAsync(string? scope, int cost);

    /// <summary>The key's details with usage totals. Throws NotFoundException if no key has this hash.</summary>
    Task<ApiKeyInfo> GetAsync();

    /// <summary>Revokes the key: every later validation answers REVOKED. Idempotent.</summary>
    Task<ApiKeyInfo> RevokeAsync();

    /// <summary>Makes the key expire at <paramref name="expiresAt"/> unless it expires earlier already.</summary>
    Task<ApiKeyInfo> ExpireAsync(DateTimeOffset expiresAt);

    /// <summary>Enables or disables the key (a disabled key answers DISABLED).</summary>
    Task<ApiKeyInfo> SetEnabledAsync(bool enabled);

    /// <summary>Does now what the background flush does: writes the usage counted in memory to the usage
    /// table (so that a read sees it) and reports it to the organization's quota.</summary>
    Task FlushUsageAsync();
}
