using VetrAI.Grains.Abstractions.Audit;

namespace VetrAI.Grains.Abstractions.ApiKeys;

/// <summary>The API keys of one organization, keyed by organization id: which key ids it owns (so a key id of
/// another organization is not found here), and the <c>max_keys</c> limit. Every change of a key goes
/// through here to the key's own grain; changes are written to the audit log with the <see cref="ActorContext"/>.</summary>
[Alias("apikeyregistry")]
public interface IApiKeyRegistryGrain : IGrainWithStringKey
{
    /// <summary>Creates a key. Throws InvalidException for bad settings, ForbiddenException when the
    /// organization already has <c>max_keys</c> live keys, NotFoundException when the organization does not exist.</summary>
    Task<NewApiKey> CreateAsync(ApiKeySpec spec, ActorContext actor);

    /// <summary>The organization's keys, oldest first, <paramref name="limit"/> per page (1 to 200).</summary>
    Task<ApiKeyPage> ListAsync(int limit, string? cursor);

    /// <summary>One key with usage totals. Throws NotFoundException if this organization has no such key.</summary>
    Task<ApiKeyInfo> GetAsync(string keyId);

    /// <summary>Revokes a key; the next validation on any node answers REVOKED.</summary>
    Task<ApiKeyInfo> RevokeAsync(string keyId, ActorContext actor);

    /// <summary>Enables or disables a key.</summary>
    Task<ApiKeyInfo> SetEnabledAsync(string keyId, bool enabled, ActorContext actor);

    /// <summary>Creates a new key with the settings of <paramref name="keyId"/> (credits included) and makes
    /// the old one expire after <paramref name="graceSeconds"/>.</summary>
    Task<NewApiKey> RollAsync(string keyId, int graceSeconds, ActorContext actor);

    /// <summary>Validation counts of a key per bucket, including what was counted but not yet flushed.</summary>
    Task<ApiKeyUsageReport> GetUsageAsync(string keyId, DateTimeOffset from, DateTimeOffset to, UsageGranularity granularity);

    /// <summary>Revokes every key of the organization (when it is deleted). Idempotent; returns how many were revoked now.</summary>
    Task<int> RevokeAllAsync(ActorContext actor);
}
