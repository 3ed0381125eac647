namespace VetrAI.Grains.ApiKeys;

/// <summary>One key of an organization as the registry tracks it: enough to find its grain, count live keys
/// against <c>max_keys</c>, and page through keys in creation order.</summary>
internal sealed record ApiKeyEntry(string Id, string Hash, DateTimeOffset CreatedAt, DateTimeOffset? ExpiresAt, DateTimeOffset? RevokedAt)
{
    public bool IsLive(DateTimeOffset now) => RevokedAt is null && (ExpiresAt is null || ExpiresAt > now);
}

/// <summary>The stored state of <see cref="ApiKeyRegistryGrain"/>: the organization's keys, oldest first.
/// Revoked keys stay listed (with their revocation time) so their usage remains readable.</summary>
internal sealed record ApiKeyRegistryState
{
    public IReadOnlyList<ApiKeyEntry> Keys { get; init; } = [];
}
