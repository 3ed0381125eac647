using VetrAI.Grains.Abstractions.ApiKeys;
using VetrAI.Grains.Abstractions.Errors;
using VetrAI.Runtime;

namespace VetrAI.Grains.ApiKeys;

/// <summary>An organization's keys. A key grain is written before the registry so that a failure in between
/// leaves at worst a key whose secret nobody received (it can never be presented), never a registry entry
/// without its key.</summary>
internal sealed class ApiKeyRegistryGrain(
    [PersistentState("registry")] IPersistentState<ApiKeyRegistryState> registry,
    IOrganizationLimitsReader organizations,
    ApiKeyUsageStore usage,
    TimeProvider time) : Grain, IApiKeyRegistryGrain
{
    private const int MaxUsageBuckets = 10_000;
    private const int MaxPageSize = 200;

    private string OrganizationId => GetPrimaryKeyString();

    public async Task<NewApiKey> CreateAsync(ApiKeySpec spec)
    {
        var now = time.GetUtcNow();
        ApiKeySpecRules.Validate(spec, now);
        var limits = await organizations.GetAsync(OrganizationId, CancellationToken.None)
            ?? throw new NotFoundException("organization not found");
        var live = registry.State.Keys.Count(k => k.IsLive(now));
        if (live >= limits.MaxKeys)
        {
            throw new ForbiddenException(
                $"the organization's plan allows {limits.MaxKeys} active API keys and all are in use; revoke a key or upgrade the plan");
        }

        var (created, entry) = await CreateKeyAsync(spec, now);
        registry.State = registry.State with { Keys = [.. registry.State.Keys, entry] };
        await registry.WriteStateAsync();
        return created;
    }

    public async Task<ApiKeyPage> ListAsync(int limit, string? cursor)
    {
        if (limit is < 1 or > MaxPageSize)
        {
            throw new InvalidInputException($"limit must be between 1 and {MaxPageSize}");
        }

        var keys = registry.State.Keys;
        var start = 0;
        if (!string.IsNullOrEmpty(cursor))
        {
            start = IndexOf(cursor) + 1;
            if (start == 0)
            {
                throw new InvalidInputException("cursor is not valid");
            }
        }

        var page = keys.Skip(start).Take(limit).ToArray();
        var items = await Task.WhenAll(page.Select(k => KeyGrain(k.Hash).GetAsync()));
        var more = start + page.Length < keys.Count;
        return new ApiKeyPage(items, more ? page[^1].Id : null);
    }

    public Task<ApiKeyInfo> GetAsync(string keyId) => KeyGrain(Find(keyId).Hash).GetAsync();

    public async Task<ApiKeyInfo> RevokeAsync(string keyId)
    {
        var entry = Find(keyId);
        var info = await KeyGrain(entry.Hash).RevokeAsync();
        if (entry.RevokedAt is null)
        {
            await ReplaceAsync(entry with { RevokedAt = info.RevokedAt });
        }

        return info;
    }

    public Task<ApiKeyInfo> SetEnabledAsync(string keyId, bool enabled) => KeyGrain(Find(keyId).Hash).SetEnabledAsync(enabled);

    public async Task<NewApiKey> RollAsync(string keyId, int graceSeconds)
    {
        ApiKeySpecRules.ValidateGrace(graceSeconds);
        var old = Find(keyId);
        var now = time.GetUtcNow();
        if (old.RevokedAt is not null)
        {
            throw new ConflictException("a revoked key cannot be rolled");
        }

        var oldGrain = KeyGrain(old.Hash);
        var current = await oldGrain.GetAsync();
        if (current.ExpiresAt is { } expiresAt && expiresAt <= now)
        {
            throw new ConflictException("an expired key cannot be rolled");
        }

        var spec = new ApiKeySpec(current.Name, current.Scopes, current.ExpiresAt, current.RateLimit, current.Credits, current.Metadata);
        var (created, entry) = await CreateKeyAsync(spec, now);
        var expired = await oldGrain.ExpireAsync(now.AddSeconds(graceSeconds));

        var keys = registry.State.Keys.Select(k => k.Id == old.Id ? k with { ExpiresAt = expired.ExpiresAt } : k);
        registry.State = registry.State with { Keys = [.. keys, entry] };
        await registry.WriteStateAsync();
        return created;
    }

    public async Task<ApiKeyUsageReport> GetUsageAsync(string keyId, DateTimeOffset from, DateTimeOffset to, UsageGranularity granularity)
    {
        var entry = Find(keyId);
        var bucket = granularity switch
        {
            UsageGranularity.Minute => TimeSpan.FromMinutes(1),
            UsageGranularity.Hour => TimeSpan.FromHours(1),
            UsageGranularity.Day => TimeSpan.FromDays(1),
            _ => throw new InvalidInputException("granularity must be minute, hour or day"),
        };
        from = new DateTimeOffset(from.UtcTicks - (from.UtcTicks % bucket.Ticks), TimeSpan.Zero);
        to = to.ToUniversalTime();
        if (to <= from)
        {
            throw new InvalidInputException("to must be after from");
        }

        if ((to - from).Ticks / bucket.Ticks > MaxUsageBuckets)
        {
            throw new InvalidInputException($"the range holds more than {MaxUsageBuckets} buckets of this granularity; narrow it or use a coarser granularity");
        }

        await KeyGrain(entry.Hash).FlushUsageAsync();
        var buckets = await usage.QueryAsync(entry.Id, from, to, granularity, CancellationToken.None);
        return new ApiKeyUsageReport(entry.Id, granularity, from, to, buckets);
    }

    public async Task<int> RevokeAllAsync()
    {
        var live = registry.State.Keys.Where(k => k.RevokedAt is null).ToArray();
        if (live.Length == 0)
        {
            return 0;
        }

        var revoked = await Task.WhenAll(live.Select(k => KeyGrain(k.Hash).RevokeAsync()));
        var revokedAt = revoked.ToDictionary(k => k.Id, k => k.RevokedAt);
        var keys = registry.State.Keys.Select(k => revokedAt.TryGetValue(k.Id, out var at) ? k with { RevokedAt = at } : k);
        registry.State = registry.State with { Keys = [.. keys] };
        await registry.WriteStateAsync();
        return live.Length;
    }

    private async Task<(NewApiKey Created, ApiKeyEntry Entry)> CreateKeyAsync(ApiKeySpec spec, DateTimeOffset now)
    {
        var secret = ApiKeySecrets.Create();
        var hash = ApiKeySecrets.Hash(secret);
        var identity = new ApiKeyIdentity(Guid.NewGuid().ToString("N"), OrganizationId, ApiKeySecrets.DisplayPrefix(secret), now);
        var info = await KeyGrain(hash).InitializeAsync(identity, spec);
        return (new NewApiKey(secret, info), new ApiKeyEntry(identity.Id, hash, now, spec.ExpiresAt, null));
    }

    private async Task ReplaceAsync(ApiKeyEntry entry)
    {
        registry.State = registry.State with { Keys = [.. registry.State.Keys.Select(k => k.Id == entry.Id ? entry : k)] };
        await registry.WriteStateAsync();
    }

    private ApiKeyEntry Find(string keyId)
    {
        var index = IndexOf(keyId);
        return index >= 0 ? registry.State.Keys[index] : throw new NotFoundException("API key not found");
    }

    private int IndexOf(string keyId)
    {
        var keys = registry.State.Keys;
        for (var i = 0; i < keys.Count; i++)
        {
            if (string.Equals(keys[i].Id, keyId, StringComparison.Ordinal))
            {
                return i;
            }
        }

        return -1;
    }

    private IApiKeyGrain KeyGrain(string hash) => GrainFactory.GetGrain<IApiKeyGrain>(hash);
}
