using System.Collections.Concurrent;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using VetrAI.Grains.Abstractions.ApiKeys;
using VetrAI.Grains.Abstractions.Errors;

namespace VetrAI.Grains.ApiKeys;

/// <summary>One key, keyed by the SHA-256 of its secret. Validations are answered from <see cref="ApiKeyGate"/>
/// without I/O. Every flush interval a timer turn takes what changed (per-minute counts, live credits and
/// totals, the count not yet reported to the organization's quota) and hands it to a background flush, so the
/// turn ends at once and validations never wait for PostgreSQL; the results (a failed write to retry, the
/// organization's new totals) are taken back by the next turn. Commands that write the state wait for a
/// running flush first, so two writes of the state never overlap.
/// <para>An activation for a hash that no key has (a wrong or guessed secret) reads the empty state once and
/// then answers NOT_FOUND from memory while it keeps being asked; after one flush interval without a call it
/// deactivates itself. A flood of random secrets therefore holds at most (secrets per second x about two
/// intervals) small activations, each of which cost one state read, while a client repeating one wrong secret
/// costs no I/O at all.</para></summary>
internal sealed partial class ApiKeyGrain(
    [PersistentState(ApiKeyGrain.StateName)] IPersistentState<ApiKeyState> key,
    ApiKeyUsageStore usage,
    IOptions<ApiKeysOptions> options,
    TimeProvider time,
    Notifications.INotifier notifier,
    ApiKeyMetrics metrics,
    ILogger<ApiKeyGrain> logger) : Grain, IApiKeyGrain
{
    /// <summary>The storage name of a key's state; the key list reads rows by it.</summary>
    public const string StateName = "apikey";

    private readonly ApiKeyGate _gate = new(time, options.Value.FallbackRateLimitPerMinute, metrics);
    private readonly ConcurrentQueue<IReadOnlyList<UsageMinute>> _unwritten = new();
    private IDisposable? _timer;
    private bool _calledSinceTick;
    private Task _flushing = Task.CompletedTask;
    private QuotaReply? _quotaReply;
    private volatile bool _stateUnwritten;

    public override async Task OnActivateAsync(CancellationToken cancellationToken)
    {
        if (key.RecordExists)
        {
            _gate.Load(key.State);
            await TryReportQuotaAsync();
        }

        var interval = options.Value.UsageFlushInterval;
        _timer = this.RegisterGrainTimer(OnTickAsync, interval, interval);
    }

    public override async Task OnDeactivateAsync(DeactivationReason reason, CancellationToken cancellationToken)
    {
        _timer?.Dispose();
        try
        {
            await FlushNowAsync(cancellationToken);
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

        if (Volatile.Read(ref _quotaReply) is not null)
        {
            TakeQuotaReply();
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
            Credits = spec.Credits is { } credits ? new CreditState(credits.Remaining, credits.Refill, identity.CreatedAt, credits.Remaining) : null,
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
        await FlushNowAsync(CancellationToken.None);
        await ReportQuotaAsync();
    }

    private async Task<ApiKeyInfo> UpdateAsync(Func<ApiKeyState, ApiKeyState> change)
    {
        await SettleFlushAsync();
        var next = change(_gate.Capture(key.State));
        key.State = next;
        await key.WriteStateAsync();
        _stateUnwritten = false;
        _gate.Load(next);
        return _gate.Describe(next);
    }

    private async Task OnTickAsync(CancellationToken cancellationToken)
    {
        TickFlush();
        await WatchCreditsAsync();
    }

    /// <summary>Tells the organization's admins once when the balance falls under 10 % of what a period starts
    /// with; a refill above it arms the warning again.</summary>
    private async Task WatchCreditsAsync()
    {
        if (key.State.Credits is not { Reference: > 0 } credits || _gate.Credits is not { } remaining || key.State.RevokedAt is not null)
        {
            return;
        }

        var low = remaining * 10 < credits.Reference;
        if (low == credits.LowNotified)
        {
            return;
        }

        key.State = key.State with { Credits = credits with { LowNotified = low } };
        _stateUnwritten = true;
        if (low)
        {
            await notifier.NotifyRolesAsync(key.State.OrganizationId, [Abstractions.Auth.Roles.OrgAdmin], "api_key.credits_low", new Dictionary<string, string>(StringComparer.Ordinal)
            {
                ["key_name"] = key.State.Name,
                ["key_prefix"] = key.State.Prefix,
                ["credits_remaining"] = remaining.ToString(System.Globalization.CultureInfo.InvariantCulture),
                ["credits_total"] = credits.Reference!.Value.ToString(System.Globalization.CultureInfo.InvariantCulture),
            });
        }
    }

    private void TickFlush()
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

        if (!_flushing.IsCompleted)
        {
            // The previous flush is still writing; what was counted since waits for the next tick.
            return;
        }

        TakeFlushResults();
        var minutes = _gate.HasPendingUsage ? _gate.DrainUsage() : [];
        var writeState = _gate.IsDirty || _stateUnwritten;
        if (writeState)
        {
            key.State = _gate.Capture(key.State);
        }

        var (month, valid) = _gate.UnreportedQuota;
        var report = key.State.RevokedAt is null && (called || valid > 0);
        if (minutes.Count > 0 || writeState || report)
        {
            _flushing = FlushInBackgroundAsync(minutes, writeState, report ? ReportMonth(month) : null, valid);
        }

        return;
    }

    // Runs beside the activation's turns: it touches only what the tick handed it, and reports back through
    // _unwritten, _stateUnwritten and _quotaReply, which turns take.
    private async Task FlushInBackgroundAsync(IReadOnlyList<UsageMinute> minutes, bool writeState, DateTimeOffset? reportMonth, long valid)
    {
        await Task.Yield();
        var state = key.State;
        if (minutes.Count > 0)
        {
            try
            {
                await usage.AddAsync(state.Id, state.OrganizationId, minutes, CancellationToken.None);
            }
            catch (Exception exception)
            {
                _unwritten.Enqueue(minutes);
                LogFlushFailed(logger, state.Id, exception);
            }
        }

        if (writeState)
        {
            try
            {
                await key.WriteStateAsync(CancellationToken.None);
            }
            catch (Exception exception)
            {
                _stateUnwritten = true;
                LogFlushFailed(logger, state.Id, exception);
            }
        }

        if (reportMonth is { } month)
        {
            try
            {
                var snapshot = await GrainFactory.GetGrain<IApiKeyQuotaGrain>(state.OrganizationId).ReportAsync(month, valid);
                Volatile.Write(ref _quotaReply, new QuotaReply(month, valid, snapshot));
            }
            catch (Exception exception)
            {
                LogQuotaUnavailable(logger, state.Id, exception);
            }
        }
    }

    /// <summary>Waits for a background flush and takes its results: before a command writes the state, and
    /// before a flush that must be complete when it returns.</summary>
    private async Task SettleFlushAsync()
    {
        try
        {
            await _flushing;
        }
        finally
        {
            _flushing = Task.CompletedTask;
            TakeFlushResults();
        }
    }

    private void TakeFlushResults()
    {
        while (_unwritten.TryDequeue(out var minutes))
        {
            _gate.RestoreUsage(minutes);
        }

        TakeQuotaReply();
    }

    private void TakeQuotaReply()
    {
        if (Interlocked.Exchange(ref _quotaReply, null) is { } reply)
        {
            _gate.QuotaReported(reply.Month, reply.Reported, reply.Snapshot);
        }
    }

    /// <summary>Everything counted so far, written before this returns (usage reads, deactivation).</summary>
    private async Task FlushNowAsync(CancellationToken cancellationToken)
    {
        if (!_gate.Exists)
        {
            return;
        }

        await SettleFlushAsync();
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

        if (_gate.IsDirty || _stateUnwritten)
        {
            key.State = _gate.Capture(key.State);
            await key.WriteStateAsync(cancellationToken);
            _stateUnwritten = false;
        }
    }

    private async Task ReportQuotaAsync()
    {
        if (key.State.RevokedAt is not null)
        {
            return;
        }

        var (month, valid) = _gate.UnreportedQuota;
        month = ReportMonth(month);
        var snapshot = await GrainFactory.GetGrain<IApiKeyQuotaGrain>(key.State.OrganizationId).ReportAsync(month, valid);
        _gate.QuotaReported(month, valid, snapshot);
    }

    private DateTimeOffset ReportMonth(DateTimeOffset month)
    {
        if (month != default)
        {
            return month;
        }

        var now = time.GetUtcNow().UtcDateTime;
        return new DateTimeOffset(now.Year, now.Month, 1, 0, 0, 0, TimeSpan.Zero);
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

    private sealed record QuotaReply(DateTimeOffset Month, long Reported, ApiKeyQuotaSnapshot Snapshot);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Flushing the usage of API key {KeyId} failed; it is kept for the next flush")]
    private static partial void LogFlushFailed(ILogger logger, string keyId, Exception exception);

    [LoggerMessage(Level = LogLevel.Warning, Message = "The organization quota of API key {KeyId} could not be read; the last known limits apply until it can")]
    private static partial void LogQuotaUnavailable(ILogger logger, string keyId, Exception exception);
}
