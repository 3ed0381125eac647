using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using VetrAI.Grains.Abstractions.ApiKeys;

namespace VetrAI.Grains.ApiKeys;

/// <summary>The stored month count of an organization's VALID validations.</summary>
internal sealed record ApiKeyQuotaState
{
    public DateTimeOffset MonthStart { get; init; }

    public long Used { get; init; }
}

/// <summary>Adds up what the organization's key grains report at their flushes. The count is written on a
/// timer, not per report: a crash loses at most one interval of counts (the quota then errs in the client's
/// favour), while the per-minute usage table stays exact.</summary>
internal sealed partial class ApiKeyQuotaGrain(
    [PersistentState("apikeyquota")] IPersistentState<ApiKeyQuotaState> quota,
    IOrganizationLimitsReader organizations,
    IOptions<ApiKeysOptions> options,
    TimeProvider time,
    ILogger<ApiKeyQuotaGrain> logger) : Grain, IApiKeyQuotaGrain
{
    private OrganizationKeyLimits? _limits;
    private DateTimeOffset _limitsReadAt = DateTimeOffset.MinValue;
    private bool _dirty;
    private IDisposable? _timer;

    public override Task OnActivateAsync(CancellationToken cancellationToken)
    {
        var interval = options.Value.UsageFlushInterval;
        _timer = this.RegisterGrainTimer(OnTickAsync, interval, interval);
        return Task.CompletedTask;
    }

    public override async Task OnDeactivateAsync(DeactivationReason reason, CancellationToken cancellationToken)
    {
        _timer?.Dispose();
        await WriteIfChangedAsync(cancellationToken);
    }

    public async Task<ApiKeyQuotaSnapshot> ReportAsync(DateTimeOffset monthStart, long valid)
    {
        var now = time.GetUtcNow();
        var utc = now.UtcDateTime;
        var current = new DateTimeOffset(utc.Year, utc.Month, 1, 0, 0, 0, TimeSpan.Zero);
        if (quota.State.MonthStart != current)
        {
            quota.State = new ApiKeyQuotaState { MonthStart = current };
            _dirty = true;
        }

        if (monthStart == current && valid > 0)
        {
            quota.State = quota.State with { Used = quota.State.Used + valid };
            _dirty = true;
        }

        if (now - _limitsReadAt >= options.Value.LimitsRefreshInterval)
        {
            await ReadLimitsAsync(now);
        }

        return new ApiKeyQuotaSnapshot(
            current,
            quota.State.Used,
            _limits?.MonthlyRequests,
            _limits?.RateLimitPerMinute ?? options.Value.FallbackRateLimitPerMinute);
    }

    public Task LimitsChangedAsync()
    {
        _limitsReadAt = DateTimeOffset.MinValue;
        return Task.CompletedTask;
    }

    private async Task ReadLimitsAsync(DateTimeOffset now)
    {
        try
        {
            _limits = await organizations.GetAsync(this.GetPrimaryKeyString(), CancellationToken.None);
            _limitsReadAt = now;
        }
        catch (Exception exception) when (exception is not OperationCanceledException)
        {
            LogLimitsUnavailable(logger, this.GetPrimaryKeyString(), exception);
        }
    }

    private async Task OnTickAsync(CancellationToken cancellationToken)
    {
        try
        {
            await WriteIfChangedAsync(cancellationToken);
        }
        catch (Exception exception) when (exception is not OperationCanceledException)
        {
            LogWriteFailed(logger, this.GetPrimaryKeyString(), exception);
        }
    }

    private async Task WriteIfChangedAsync(CancellationToken cancellationToken)
    {
        if (!_dirty)
        {
            return;
        }

        _dirty = false;
        try
        {
            await quota.WriteStateAsync(cancellationToken);
        }
        catch
        {
            _dirty = true;
            throw;
        }
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Writing the monthly count of organization {OrganizationId} failed; it is retried at the next tick")]
    private static partial void LogWriteFailed(ILogger logger, string organizationId, Exception exception);

    [LoggerMessage(Level = LogLevel.Warning, Message = "The limits of organization {OrganizationId} could not be read; the last known ones stay in force")]
    private static partial void LogLimitsUnavailable(ILogger logger, string organizationId, Exception exception);
}
