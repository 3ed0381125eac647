using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using VetrAI.Grains.Abstractions.ApiKeys;
using VetrAI.Grains.Abstractions.Errors;
using VetrAI.Runtime;

namespace VetrAI.Grains.ApiKeys;

/// <summary>One key, keyed by the SHA-256 of its secret. Validations are answered from <see cref="ApiKeyGate"/>
/// without I/O; a timer flushes usage, credits and the quota report in the background.
/// <para>An activation for a hash that no key has (a wrong or guessed secret) reads the empty state once and
/// then answers NOT_FOUND from memory while it keeps being asked; after one flush interval without a call it
/// deactivates itself. A flood of random secrets therefore holds at most (secrets per second x about two
/// intervals) small activations, each of which cost one state read, while a client repeating one wrong secret
/// costs no I/O at all.</para></summary>
internal sealed partial class ApiKeyGrain(
    [PersistentState("key")] IPersistentState<ApiKeyState> key,
    ApiKeyUsageStore usage,
    IOptions<ApiKeysOptions> options,
    TimeProvider time,
    ILogger<ApiKeyGrain> logger) : Grain, IApiKeyGrain
{
    private readonly ApiKeyGate _gate = new(time, options.Value.FallbackRateLimitPerMinute);
    private IDisposable? _timer;
    private bool _calledSinceTick;

    public override async Task OnActivateAsync(CancellationToken cancellationToken)
    {
        if (key.RecordExists)
        {
            _gate.Load(key.State);
            await TryReportQuotaAsync();
        }

        var interval = options.Value.UsageFlushInterval;
        _timer = RegisterGrainTimer(OnTickAsync, interval, interval);
    }

    public override async Task OnDeactivateAsync(DeactivationReason reason, CancellationToken cancellationToken)
    {
        _timer?.Dispose();
        try
        {
            await FlushAsync(cancellationToken);
        }
        catch (Exception exception) when (exception is not OperationCanceledException)
        {
            LogFlushFailed(logger, key.State.Id, exception);
        }
    }

    public ValueTask<ApiKeyVerdict> ValidateAsync(string? scope, int cost)
    {
        if (cost < 0)
        {
            throw new InvalidInputException("cost must be 0 or more");
        }

        _calledSinceTick = true;
        return ValueTask.FromResult(_gate.Validate(scope, cost));
    }

    public async Task<ApiKeyInfo> InitializeAsync(ApiKeyIdentity identity, ApiKeySpec spec)
    {
        ArgumentNullException.ThrowIfNull(identity);
        ArgumentNullException.ThrowIfNull(spec);
        if (key.RecordExists)
        {
            throw new ConflictException("a key with this secret exists already");
        }

        var state = new ApiKeyState
        {
            Id = identity.Id,
            OrganizationId = identity.OrganizationId,
            Prefix = identity.Prefix,
            Name = spec.Name,
            Scopes = spec.Scopes,
            ExpiresAt = spec.ExpiresAt,
            RateLimit = spec.RateLimit,
            Credits = spec.Credits is { } credits ? new CreditState(credits.Remaining, credits.Refill, identity.CreatedAt) : null,
            Metadata = spec.Metadata,
            CreatedAt = identity.CreatedAt,
        };
        key.State = state;
        await key.WriteStateAsync();
        _gate.Load(state);
        await TryReportQuotaAsync();
        return _gate.Describe(state);
    }

    public Task<ApiKeyInfo> GetAsync()
    {
        EnsureExists();
        return Task.FromResult(_gate.Describe(key.State));
    }

    public Task<ApiKeyInfo> RevokeAsync()
    {
        EnsureExists();
        return key.State.RevokedAt is null
            ? UpdateAsync(state => state with { RevokedAt = time.GetUtcNow() })
            : Task.FromResult(_gate.Describe(key.State));
    }

    public Task<ApiKeyInfo> ExpireAsync(DateTimeOffset expiresAt)
    {
        EnsureExists();
        return key.State.ExpiresAt is { } current && current <= expiresAt
            ? Task.FromResult(_gate.Describe(key.State))
            : UpdateAsync(state => state with { ExpiresAt = expiresAt });
    }

    public Task<ApiKeyInfo> SetEnabledAsync(bool enabled)
    {
        EnsureExists();
        return key.State.Enabled == enabled
            ? Task.FromResult(_gate.Describe(key.State))
            : UpdateAsync(state => state with { Enabled = enabled });
    }

    public async Task FlushUsageAsync()
    {
        EnsureExists();
        await FlushAsync(CancellationToken.None);
        await ReportQuotaAsync();
    }

    private async Task<ApiKeyInfo> UpdateAsync(Func<ApiKeyState, ApiKeyState> change)
    {
        var next = change(_gate.Capture(key.State));
        key.State = next;
        await key.WriteStateAsync();
        _gate.Load(next);
        return _gate.Describe(next);
    }

    private async Task OnTickAsync(CancellationToken cancellationToken)
    {
        var called = _calledSinceTick;
        _calledSinceTick = false;
        if (!_gate.Exists)
        {
            if (!called)
            {
                DeactivateOnIdle();
            }

            return;
        }

        try
        {
            await FlushAsync(cancellationToken);
            if (called || _gate.UnreportedQuota.Valid > 0)
            {
                await ReportQuotaAsync();
            }
        }
        catch (Exception exception) when (exception is not OperationCanceledException)
        {
            LogFlushFailed(logger, key.State.Id, exception);
        }
    }

    // Usage rows first: they are what usage reports and billing read. A failed write keeps the counts in
    // memory for the next flush.
    private async Task FlushAsync(CancellationToken cancellationToken)
    {
        if (!_gate.Exists)
        {
            return;
        }

        if (_gate.HasPendingUsage)
        {
            var minutes = _gate.DrainUsage();
            try
            {
                await usage.AddAsync(key.State.Id, key.State.OrganizationId, minutes, cancellationToken);
            }
            catch
            {
                _gate.RestoreUsage(minutes);
                throw;
            }
        }

        if (_gate.IsDirty)
        {
            key.State = _gate.Capture(key.State);
            await key.WriteStateAsync(cancellationToken);
        }
    }

    private async Task ReportQuotaAsync()
    {
        if (key.State.RevokedAt is not null)
        {
            return;
        }

        var (month, valid) = _gate.UnreportedQuota;
        if (month == default)
        {
            var now = time.GetUtcNow().UtcDateTime;
            month = new DateTimeOffset(now.Year, now.Month, 1, 0, 0, 0, TimeSpan.Zero);
        }

        var snapshot = await GrainFactory.GetGrain<IApiKeyQuotaGrain>(key.State.OrganizationId).ReportAsync(month, valid);
        _gate.QuotaReported(month, valid, snapshot);
    }

    // At activation the organization's limits are wanted but not required: without them the key uses the
    // fallback per-minute limit until the next flush succeeds.
    private async Task TryReportQuotaAsync()
    {
        try
        {
            await ReportQuotaAsync();
        }
        catch (Exception exception) when (exception is not OperationCanceledException)
        {
            LogQuotaUnavailable(logger, key.State.Id, exception);
        }
    }

    private void EnsureExists()
    {
        if (!_gate.Exists)
        {
            throw new NotFoundException("API key not found");
        }
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Flushing the usage of API key {KeyId} failed; it is kept for the next flush")]
    private static partial void LogFlushFailed(ILogger logger, string keyId, Exception exception);

    [LoggerMessage(Level = LogLevel.Warning, Message = "The organization quota of API key {KeyId} could not be read; the fallback rate limit applies until it can")]
    private static partial void LogQuotaUnavailable(ILogger logger, string keyId, Exception exception);
}
