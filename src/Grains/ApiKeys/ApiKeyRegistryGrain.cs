using VetrAI.Grains.Abstractions.ApiKeys;
using VetrAI.Grains.Abstractions.Audit;
using VetrAI.Grains.Abstractions.Errors;
using VetrAI.Grains.Abstractions.ReadModels;
using VetrAI.Grains.Audit;
using VetrAI.Grains.ReadModels;

namespace VetrAI.Grains.ApiKeys;

/// <summary>An organization's keys. A key grain is written before the registry so that a failure in between
/// leaves at worst a key whose secret nobody received (it can never be presented), never a registry entry
/// without its key.</summary>
internal sealed class ApiKeyRegistryGrain(
    [PersistentState("apikeyregistry")] IPersistentState<ApiKeyRegistryState> registry,
    IOrganizationLimitsReader organizations,
    ApiKeyUsageStore usage,
    IAuditLog audit,
    StateRows keyRows,
    TimeProvider time) : Grain, IApiKeyRegistryGrain
{
    private const int MaxUsageBuckets = 10_000;
    private const int MaxPageSize = 200;

    private string OrganizationId => this.GetPrimaryKeyString();

    public async Task<NewApiKey> CreateAsync(ApiKeySpec spec, ActorContext actor)
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
        await AuditAsync(ApiKeyAuditActions.Created, created.Info, actor);
        return created;
    }

    public async Task<ApiKeyPage> ListAsync(int limit, string? cursor)
    {
        if (limit is < 1 or > MaxPageSize)
        {
            throw new InvalidInputException($"limit must be between 1 and {MaxPageSize}");
        }

        // Newest first, like every list of the API: one indexed query over the keys' stored states (usage totals
        // and credits as of their last flush), never a call per key. The cursor is the last key's position.
        ListPosition? after = null;
        if (!string.IsNullOrEmpty(cursor))
        {
            after = KeyCursor.TryDecode(cursor)
                ?? throw new InvalidInputException("cursor is not valid; pass the next_cursor of a previous page");
        }

        var page = await keyRows.ListAsync<ApiKeyState>(ApiKeyGrain.StateName, OrganizationId, status: null, new PageQuery(limit, after));
        return new ApiKeyPage([.. page.Items.Select(k => k.ToInfo())], page.Next is { } next ? KeyCursor.Encode(next) : null);
    }

    public Task<ApiKeyInfo> GetAsync(string keyId) => KeyGrain(Find(keyId).Hash).GetAsync();

    public async Task<ApiKeyInfo> RevokeAsync(string keyId, ActorContext actor)
    {
        var entry = Find(keyId);
        var info = await KeyGrain(entry.Hash).RevokeAsync();
        if (entry.RevokedAt is null)
        {
            await ReplaceAsync(entry with { RevokedAt = info.RevokedAt });
            await AuditAsync(ApiKeyAuditActions.Revoked, info, actor);
        }

        return info;
    }

    public async Task<ApiKeyInfo> SetEnabledAsync(string keyId, bool enabled, ActorContext actor)
    {
        var entry = Find(keyId);
        var before = await KeyGrain(entry.Hash).GetAsync();
        var info = await KeyGrain(entry.Hash).SetEnabledAsync(enabled);
        if (before.Enabled != enabled)
        {
            await AuditAsync(enabled ? ApiKeyAuditActions.Enabled : ApiKeyAuditActions.Disabled, info, actor);
        }

        return info;
    }

    public async Task<NewApiKey> RollAsync(string keyId, int graceSeconds, ActorContext actor)
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
        await AuditAsync(ApiKeyAuditActions.Rolled, expired, actor, new Dictionary<string, string?>
        {
            ["new_key_id"] = created.Info.Id,
            ["grace_seconds"] = graceSeconds.ToString(System.Globalization.CultureInfo.InvariantCulture),
        });
        await AuditAsync(ApiKeyAuditActions.Created, created.Info, actor, new Dictionary<string, string?> { ["rolled_from"] = old.Id });
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

    public async Task<int> RevokeAllAsync(ActorContext actor)
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
        foreach (var info in revoked)
        {
            await AuditAsync(ApiKeyAuditActions.Revoked, info, actor);
        }

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

    private Task AuditAsync(string action, ApiKeyInfo key, ActorContext actor, Dictionary<string, string?>? details = null)
    {
        details ??= [];
        details["name"] = key.Name;
        details["prefix"] = key.Prefix;
        return audit.WriteAsync(new AuditEntry(OrganizationId, action, $"api_key:{key.Id}", actor, details));
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

    private IApiKeyGrain KeyGrain(string hash) => GrainFactory.GetApiKeyGrain(hash);
}
