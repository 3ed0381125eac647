using VetrAI.Grains.Abstractions.ApiKeys;

namespace VetrAI.Grains.ApiKeys;

/// <summary>Everything a validation decides from, in memory: the key's settings, its token bucket, its live
/// credit balance, its usage counts, and the organization's quota as last reported. The key grain owns one
/// and calls it one turn at a time, so none of this needs locking. No I/O happens here. Each verdict is counted
/// in <paramref name="metrics"/> (none in unit tests).</summary>
internal sealed class ApiKeyGate(TimeProvider time, int fallbackRateLimitPerMinute, ApiKeyMetrics? metrics = null)
{
    private readonly TokenBucket _bucket = new();
    private readonly UsageCounter _usage = new();
    private ApiKeyState? _key;
    private long _credits;
    private DateTimeOffset _creditsRefilledAt;
    private long _valid;
    private long _rejected;
    private DateTimeOffset? _lastUsedAt;
    private ApiKeyQuotaSnapshot? _quota;
    private DateTimeOffset _unreportedMonth;
    private long _unreportedValid;

    /// <summary>Whether a key has this hash.</summary>
    public bool Exists => _key is not null;

    /// <summary>Whether credits or usage totals changed since the last <see cref="Capture"/>.</summary>
    public bool IsDirty { get; private set; }

    /// <summary>Whether per-minute counts wait for the usage table.</summary>
    public bool HasPendingUsage => !_usage.IsEmpty;

    /// <summary>VALID validations not yet reported to the organization's quota, and the month they are in.</summary>
    public (DateTimeOffset Month, long Valid) UnreportedQuota => (_unreportedMonth, _unreportedValid);

    /// <summary>The live credit balance, or null for a key without credits.</summary>
    public long? Credits => _key?.Credits is null ? null : _credits;

    /// <summary>Takes the stored state as the truth, live counters included.</summary>
    public void Load(ApiKeyState key)
    {
        ArgumentNullException.ThrowIfNull(key);
        _key = key;
        _credits = key.Credits?.Remaining ?? 0;
        _creditsRefilledAt = key.Credits?.RefilledAt ?? key.CreatedAt;
        _valid = key.Usage.Valid;
        _rejected = key.Usage.Rejected;
        _lastUsedAt = key.Usage.LastUsedAt;
        IsDirty = false;
    }

    /// <summary><paramref name="stored"/> with the live credits and usage totals, to be written.</summary>
    public ApiKeyState Capture(ApiKeyState stored)
    {
        ArgumentNullException.ThrowIfNull(stored);
        IsDirty = false;
        return stored with
        {
            Credits = stored.Credits is null ? null : stored.Credits with { Remaining = _credits, RefilledAt = _creditsRefilledAt },
            Usage = new ApiKeyUsageTotals(_valid, _rejected, _lastUsedAt),
        };
    }

    /// <summary>The key as its organization sees it now.</summary>
    public ApiKeyInfo Describe(ApiKeyState stored)
    {
        RefillCredits(time.GetUtcNow());
        var dirty = IsDirty;
        var info = Capture(stored).ToInfo();
        IsDirty = dirty;
        return info;
    }

    public ApiKeyVerdict Validate(string? scope, int cost)
    {
        var key = _key;
        if (key is null)
        {
            metrics?.Validated(ApiKeyValidationCode.NotFound);
            return ApiKeyVerdict.NotFound;
        }

        var now = time.GetUtcNow();
        ApiKeyVerdict verdict;
        if (key.RevokedAt is not null)
        {
            verdict = Reject(key, ApiKeyValidationCode.Revoked);
        }
        else if (key.ExpiresAt is { } expiresAt && expiresAt <= now)
        {
            verdict = Reject(key, ApiKeyValidationCode.Expired);
        }
        else if (!key.Enabled)
        {
            verdict = Reject(key, ApiKeyValidationCode.Disabled);
        }
        else if (scope is not null && !Grants(key, scope))
        {
            verdict = Reject(key, ApiKeyValidationCode.InsufficientScope);
        }
        else
        {
            verdict = Meter(key, now, cost);
        }

        _usage.Add(now.UtcTicks, verdict.Code);
        if (verdict.Code == ApiKeyValidationCode.Valid)
        {
            _valid++;
        }
        else
        {
            _rejected++;
        }

        _lastUsedAt = now;
        IsDirty = true;
        metrics?.Validated(verdict.Code);
        return verdict;
    }

    /// <summary>Takes the per-minute counts for the usage table.</summary>
    public IReadOnlyList<UsageMinute> DrainUsage() => _usage.Drain();

    /// <summary>Puts back counts whose write failed.</summary>
    public void RestoreUsage(IReadOnlyList<UsageMinute> minutes) => _usage.Restore(minutes);

    /// <summary>The organization answered a report of <paramref name="reported"/> VALID validations.</summary>
    public void QuotaReported(DateTimeOffset month, long reported, ApiKeyQuotaSnapshot snapshot)
    {
        if (month == _unreportedMonth)
        {
            _unreportedValid -= reported;
        }

        _quota = snapshot;
    }

    private ApiKeyVerdict Meter(ApiKeyState key, DateTimeOffset now, int cost)
    {
        var ticks = now.UtcTicks;
        var (limit, window) = key.RateLimit is { } own
            ? (own.Limit, own.WindowSeconds)
            : (_quota?.RateLimitPerMinute ?? fallbackRateLimitPerMinute, 60);
        _bucket.Refill(ticks, limit, window);
        RefillCredits(now);
        long? credits = key.Credits is null ? null : _credits;

        if (_bucket.Remaining < 1)
        {
            metrics?.RateLimited(ownLimit: key.RateLimit is not null);
            return Verdict(key, ApiKeyValidationCode.RateLimited, _bucket.Status(ticks), credits);
        }

        if (credits < cost || QuotaExhausted(now))
        {
            metrics?.QuotaExceeded(credits: credits < cost);
            return Verdict(key, ApiKeyValidationCode.UsageExceeded, _bucket.Status(ticks), credits);
        }

        _bucket.Take();
        _unreportedValid++;
        if (key.Credits is not null)
        {
            _credits -= cost;
            credits = _credits;
        }

        return Verdict(key, ApiKeyValidationCode.Valid, _bucket.Status(ticks), credits);
    }

    private bool QuotaExhausted(DateTimeOffset now)
    {
        var utc = now.UtcDateTime;
        var month = new DateTimeOffset(utc.Year, utc.Month, 1, 0, 0, 0, TimeSpan.Zero);
        if (month != _unreportedMonth)
        {
            // Counts of a past month no longer limit anything; the usage table keeps them.
            _unreportedMonth = month;
            _unreportedValid = 0;
        }

        if (_quota?.MonthlyRequests is not { } monthly)
        {
            return false;
        }

        var reported = _quota.MonthStart == month ? _quota.MonthUsed : 0;
        return reported + _unreportedValid >= monthly;
    }

    private void RefillCredits(DateTimeOffset now)
    {
        if (_key?.Credits?.Refill is { } refill && CreditBalance.IsDue(refill, _creditsRefilledAt, now))
        {
            _credits = refill.Amount;
            _creditsRefilledAt = CreditBalance.PeriodStart(refill.Interval, now);
            IsDirty = true;
        }
    }

    private static bool Grants(ApiKeyState key, string scope)
    {
        var scopes = key.Scopes;
        for (var i = 0; i < scopes.Count; i++)
        {
            if (string.Equals(scopes[i], scope, StringComparison.Ordinal))
            {
                return true;
            }
        }

        return false;
    }

    private static ApiKeyVerdict Reject(ApiKeyState key, ApiKeyValidationCode code)
        => Verdict(key, code, null, null);

    private static ApiKeyVerdict Verdict(ApiKeyState key, ApiKeyValidationCode code, RateLimitStatus? rateLimit, long? credits)
        => new(code, key.Id, key.OrganizationId, key.Scopes, key.ExpiresAt, rateLimit, credits);
}
