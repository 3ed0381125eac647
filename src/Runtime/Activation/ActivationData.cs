using Microsoft.Extensions.Logging;
using VetrAI.Runtime.Messaging;
using VetrAI.Runtime.Storage;
using VetrAI.Runtime.Timers;

namespace VetrAI.Runtime.Activation;

/// <summary>One activation of one grain on this silo: the grain instance, its persistent states, and
/// the turn discipline. A call starts inline on the caller's thread when the activation is free;
/// otherwise it waits in a small mailbox that a runner (this object, as a thread-pool work item)
/// drains. Everything mutable is guarded by one lock, held only for bookkeeping, never while grain
/// code runs. Kept small: an idle activation is this object, its lock and its grain.</summary>
internal sealed partial class ActivationData : IGrainContext, IThreadPoolWorkItem
{
    private readonly Lock _lock = new();
    private readonly GrainClass _class;
    private readonly ActivationCatalog _catalog;
    private Grain? _grain;
    private IStateHolder[]? _states;
    private Queue<ITurn>? _queue;
    private List<GrainTimer>? _timers;
    private TaskCompletionSource<bool>? _activated;
    private TaskCompletionSource? _drained;
    private TaskCompletionSource? _deactivated;
    private DeactivationReason? _deactivateAfterTurn;
    private long _idleSince;
    private int _exclusive;
    private int _readers;
    private int _interleaved;
    private ActivationStatus _status;
    private bool _started;
    private bool _runnerScheduled;

    public ActivationData(GrainId grainId, GrainClass grainClass, ActivationCatalog catalog)
    {
        GrainId = grainId;
        _class = grainClass;
        _catalog = catalog;
        _activated = new TaskCompletionSource<bool>(TaskCreationOptions.RunContinuationsAsynchronously);
    }

    public GrainId GrainId { get; }

    public Grain Grain => _grain!;

    public IGrainFactory GrainFactory => _catalog.GrainFactory;

    public IReminderRegistry Reminders => _catalog.Reminders;

    private int Running => _exclusive + _readers + _interleaved;

    /// <summary>Starts a turn of <paramref name="kind"/> now if the turn rules allow it (and nothing is
    /// waiting ahead of it); the caller then runs it inline and must end it.</summary>
    public bool TryStartTurn(TurnKind kind)
    {
        kind = Effective(kind);
        lock (_lock)
        {
            if (_status != ActivationStatus.Valid || _deactivateAfterTurn.HasValue || !CanStart(kind, behindQueue: true))
            {
                return false;
            }

            Count(kind, 1);
            return true;
        }
    }

    /// <summary>Runs <paramref name="turn"/> now if it may start, else queues it. False when this
    /// activation is gone: the caller looks the grain up again. The first turn queued starts the
    /// activation, so a failed activation always has that call to fail.</summary>
    public bool Enqueue(ITurn turn)
    {
        var kind = Effective(turn.Kind);
        var activate = false;
        var runNow = false;
        lock (_lock)
        {
            if (_status == ActivationStatus.Invalid)
            {
                return false;
            }

            if (_status != ActivationStatus.Valid || _deactivateAfterTurn.HasValue || !CanStart(kind, behindQueue: true))
            {
                (_queue ??= new Queue<ITurn>()).Enqueue(turn);
                activate = _status == ActivationStatus.Activating && !_started;
                _started |= activate;
            }
            else
            {
                Count(kind, 1);
                runNow = true;
            }
        }

        if (activate)
        {
            _ = ActivateAsync();
        }
        else if (runNow)
        {
            turn.Run(this);
        }

        return true;
    }

    /// <summary>Ends a turn. Timer ticks pass <paramref name="keepAlive"/> false: they do not keep an
    /// otherwise idle activation from being collected.</summary>
    public void EndTurn(TurnKind kind, bool keepAlive = true)
    {
        kind = Effective(kind);
        TaskCompletionSource? drained = null;
        DeactivationReason? deactivate = null;
        bool schedule;
        lock (_lock)
        {
            Count(kind, -1);
            if (Running == 0)
            {
                if (keepAlive)
                {
                    _idleSince = Environment.TickCount64;
                }

                if (_status == ActivationStatus.Deactivating)
                {
                    drained = _drained;
                }
                else if (_status == ActivationStatus.Valid && _deactivateAfterTurn is { } reason)
                {
                    deactivate = reason;
                }
            }

            schedule = TryScheduleRunner();
        }

        if (drained is not null)
        {
            drained.TrySetResult();
        }
        else if (deactivate is { } reason)
        {
            _ = DeactivateAsync(reason);
        }
        else if (schedule)
        {
            ThreadPool.UnsafeQueueUserWorkItem(this, preferLocal: false);
        }
    }

    /// <summary>The runner: starts queued turns in order for as long as the turn rules allow.</summary>
    void IThreadPoolWorkItem.Execute()
    {
        while (true)
        {
            ITurn turn;
            lock (_lock)
            {
                if (!CanRunHead())
                {
                    _runnerScheduled = false;
                    if (_queue is { Count: 0 })
                    {
                        // Idle activations keep no mailbox: most activations queue only their first call.
                        _queue = null;
                    }

                    return;
                }

                turn = _queue!.Dequeue();
                Count(Effective(turn.Kind), 1);
            }

            turn.Run(this);
        }
    }

    public void DeactivateOnIdle() => RequestDeactivation(new DeactivationReason(DeactivationReasonCode.ApplicationRequested, "DeactivateOnIdle was called."));

    /// <summary>A write found a newer version: this activation's state is stale, so it goes after the
    /// current call and the next call reads fresh state in a new activation.</summary>
    public void OnStorageConflict() => RequestDeactivation(new DeactivationReason(DeactivationReasonCode.InternalFailure, "A state write found a newer version."));

    public IDisposable RegisterTimer(Func<CancellationToken, Task> callback, TimeSpan dueTime, TimeSpan period)
    {
        ArgumentNullException.ThrowIfNull(callback);
        if (dueTime < TimeSpan.Zero && dueTime != Timeout.InfiniteTimeSpan)
        {
            throw new ArgumentOutOfRangeException(nameof(dueTime), dueTime, "A timer's due time is zero or more.");
        }

        if (period <= TimeSpan.Zero && period != Timeout.InfiniteTimeSpan)
        {
            throw new ArgumentOutOfRangeException(nameof(period), period, "A timer's period is positive, or Timeout.InfiniteTimeSpan to fire once.");
        }

        var timer = new GrainTimer(this, callback, period, _catalog.Logger);
        lock (_lock)
        {
            if (_status is ActivationStatus.Deactivating or ActivationStatus.Invalid)
            {
                throw new InvalidOperationException($"Grain {GrainId} is deactivating; it cannot register timers.");
            }

            (_timers ??= []).Add(timer);
        }

        timer.Start(dueTime);
        return timer;
    }

    public void RemoveTimer(GrainTimer timer)
    {
        lock (_lock)
        {
            _timers?.Remove(timer);
        }
    }

    /// <summary>Whether this activation has been idle since before <paramref name="cutoff"/>
    /// (<see cref="Environment.TickCount64"/>); read without the lock as a cheap first filter.</summary>
    public bool LooksIdleSince(long cutoff) =>
        _status == ActivationStatus.Valid && Running == 0 && _idleSince <= cutoff;

    public Task DeactivateAsync(DeactivationReason reason) => Deactivate(reason, idleCutoff: null) ?? Task.CompletedTask;

    /// <summary>Starts deactivating; with <paramref name="idleCutoff"/>, only if the activation is idle
    /// since then (checked under the lock, so a call that just started keeps it). Null when nothing started.</summary>
    public Task? Deactivate(DeactivationReason reason, long? idleCutoff)
    {
        Task<bool>? activating = null;
        Task? drained = null;
        TaskCompletionSource? deactivated = null;
        Queue<ITurn>? abandoned = null;
        lock (_lock)
        {
            if (_deactivated is not null)
            {
                return idleCutoff is null ? _deactivated.Task : null;
            }

            if (_status == ActivationStatus.Invalid)
            {
                return null;
            }

            if (idleCutoff is { } cutoff
                && (_status != ActivationStatus.Valid || Running > 0 || _queue is { Count: > 0 } || _idleSince > cutoff))
            {
                return null;
            }

            if (_status == ActivationStatus.Activating && !_started)
            {
                // Nothing ran yet: there is nothing to deactivate, only to take out of the catalog.
                _catalog.Remove(this);
                _status = ActivationStatus.Invalid;
                abandoned = _queue;
                _queue = null;
            }
            else
            {
                activating = _status == ActivationStatus.Activating ? _activated!.Task : null;
                _status = ActivationStatus.Deactivating;
                if (Running > 0)
                {
                    _drained = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
                    drained = _drained.Task;
                }

                deactivated = _deactivated = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
            }
        }

        if (deactivated is null)
        {
            AbandonAll(abandoned, failure: null);
            return Task.CompletedTask;
        }

        _ = RunDeactivationAsync(reason, activating, drained, deactivated);
        return deactivated.Task;
    }

    private void RequestDeactivation(DeactivationReason reason)
    {
        bool now;
        lock (_lock)
        {
            if (_status is ActivationStatus.Deactivating or ActivationStatus.Invalid)
            {
                return;
            }

            _deactivateAfterTurn ??= reason;
            now = _status == ActivationStatus.Valid && Running == 0;
        }

        if (now)
        {
            _ = DeactivateAsync(reason);
        }
    }

    private async Task ActivateAsync()
    {
        var options = _catalog.Options;
        Exception? failure = null;
        var core = ActivateCoreAsync();
        try
        {
            await core.WaitAsync(options.ActivationTimeout);
        }
        catch (TimeoutException) when (!core.IsCompleted)
        {
            failure = new TimeoutException($"Activation of grain {GrainId} did not complete within {options.ActivationTimeout}.");
        }
        catch (Exception ex)
        {
            failure = ex;
        }

        TaskCompletionSource<bool> activated;
        if (failure is null)
        {
            bool schedule;
            DeactivationReason? deactivate;
            lock (_lock)
            {
                activated = _activated!;
                _activated = null;
                _idleSince = Environment.TickCount64;
                if (_status == ActivationStatus.Activating)
                {
                    _status = ActivationStatus.Valid;
                }

                deactivate = _status == ActivationStatus.Valid ? _deactivateAfterTurn : null;
                schedule = deactivate is null && TryScheduleRunner();
            }

            activated.TrySetResult(true);
            if (deactivate is { } reason)
            {
                _ = DeactivateAsync(reason);
            }
            else if (schedule)
            {
                ThreadPool.UnsafeQueueUserWorkItem(this, preferLocal: false);
            }

            return;
        }

        LogActivationFailed(_catalog.Logger, failure, GrainId);
        _catalog.Remove(this);
        Queue<ITurn>? abandoned;
        TaskCompletionSource? deactivated;
        lock (_lock)
        {
            activated = _activated!;
            _activated = null;
            _status = ActivationStatus.Invalid;
            abandoned = _queue;
            _queue = null;
            deactivated = _deactivated;
        }

        activated.TrySetResult(false);
        AbandonAll(abandoned, failure);
        deactivated?.TrySetResult();
    }

    private async Task ActivateCoreAsync()
    {
        using var cancellation = new CancellationTokenSource(_catalog.Options.ActivationTimeout);
        var (grain, states) = GrainContextScope.Construct(this, () => _class.Create(this, _catalog.Services, _catalog.Storage));
        _grain = grain;
        _states = states;
        if (states is not null)
        {
            foreach (var state in states)
            {
                await state.ReadAsync(cancellation.Token);
            }
        }

        await grain.OnActivateAsync(cancellation.Token);
    }

    private async Task RunDeactivationAsync(DeactivationReason reason, Task<bool>? activating, Task? drained, TaskCompletionSource deactivated)
    {
        var options = _catalog.Options;
        try
        {
            if (activating is not null && !await activating)
            {
                return;
            }

            if (drained is not null)
            {
                try
                {
                    await drained.WaitAsync(options.DeactivationTimeout);
                }
                catch (TimeoutException)
                {
                    LogTurnsOutlivedDeactivation(_catalog.Logger, GrainId, options.DeactivationTimeout);
                }
            }

            DisposeTimers();
            if (_grain is { } grain)
            {
                using var cancellation = new CancellationTokenSource(options.DeactivationTimeout);
                try
                {
                    await grain.OnDeactivateAsync(reason, cancellation.Token).WaitAsync(options.DeactivationTimeout);
                }
                catch (Exception ex)
                {
                    LogDeactivationFailed(_catalog.Logger, ex, GrainId, reason.Code);
                }
            }
        }
        finally
        {
            // Out of the catalog first: from here on a new call makes a fresh activation, which reads
            // the state OnDeactivateAsync has just written.
            _catalog.Remove(this);
            Queue<ITurn>? abandoned;
            lock (_lock)
            {
                _status = ActivationStatus.Invalid;
                abandoned = _queue;
                _queue = null;
            }

            AbandonAll(abandoned, failure: null);
            deactivated.TrySetResult();
        }
    }

    private void DisposeTimers()
    {
        GrainTimer[] timers;
        lock (_lock)
        {
            if (_timers is null)
            {
                return;
            }

            timers = [.. _timers];
            _timers = null;
        }

        foreach (var timer in timers)
        {
            timer.Dispose();
        }
    }

    private static void AbandonAll(Queue<ITurn>? turns, Exception? failure)
    {
        if (turns is null)
        {
            return;
        }

        foreach (var turn in turns)
        {
            turn.Abandon(failure);
        }
    }

    private TurnKind Effective(TurnKind kind) => _class.Reentrant ? TurnKind.Interleave : kind;

    private bool CanStart(TurnKind kind, bool behindQueue)
    {
        if (kind == TurnKind.Interleave)
        {
            return true;
        }

        if (behindQueue && _queue is { Count: > 0 })
        {
            return false;
        }

        return kind == TurnKind.ReadOnly ? _exclusive == 0 : _exclusive == 0 && _readers == 0;
    }

    private bool CanRunHead() =>
        _status == ActivationStatus.Valid && !_deactivateAfterTurn.HasValue
        && _queue is { Count: > 0 } queue && CanStart(Effective(queue.Peek().Kind), behindQueue: false);

    private bool TryScheduleRunner()
    {
        if (_runnerScheduled || !CanRunHead())
        {
            return false;
        }

        _runnerScheduled = true;
        return true;
    }

    private void Count(TurnKind kind, int delta)
    {
        switch (kind)
        {
            case TurnKind.Exclusive:
                _exclusive += delta;
                break;
            case TurnKind.ReadOnly:
                _readers += delta;
                break;
            default:
                _interleaved += delta;
                break;
        }
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Activation of grain {GrainId} failed")]
    private static partial void LogActivationFailed(ILogger logger, Exception exception, GrainId grainId);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Grain {GrainId}: OnDeactivateAsync failed (reason {Reason})")]
    private static partial void LogDeactivationFailed(ILogger logger, Exception exception, GrainId grainId, DeactivationReasonCode reason);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Grain {GrainId}: calls were still running {Timeout} after deactivation began; deactivating anyway")]
    private static partial void LogTurnsOutlivedDeactivation(ILogger logger, GrainId grainId, TimeSpan timeout);
}
