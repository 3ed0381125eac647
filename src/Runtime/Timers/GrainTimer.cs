using Microsoft.Extensions.Logging;
using VetrAI.Runtime.Activation;
using VetrAI.Runtime.Messaging;

namespace VetrAI.Runtime.Timers;

/// <summary>A grain timer: each tick is a turn of its activation (so it never overlaps a call of a
/// non-reentrant grain, nor itself: the next tick is armed only when the callback is done). Ticks do
/// not keep an idle activation alive. Disposed by the grain or with the activation.</summary>
internal sealed partial class GrainTimer : ITurn, IDisposable
{
    private readonly ActivationData _activation;
    private readonly Func<CancellationToken, Task> _callback;
    private readonly TimeSpan _period;
    private readonly ILogger _logger;
    private readonly CancellationTokenSource _disposed = new();
    private readonly ITimer _timer;

    public GrainTimer(ActivationData activation, Func<CancellationToken, Task> callback, TimeSpan period, ILogger logger)
    {
        _activation = activation;
        _callback = callback;
        _period = period;
        _logger = logger;
        _timer = TimeProvider.System.CreateTimer(static state => ((GrainTimer)state!).OnDue(), this, Timeout.InfiniteTimeSpan, Timeout.InfiniteTimeSpan);
    }

    public TurnKind Kind => TurnKind.Exclusive;

    public void Start(TimeSpan dueTime) => Arm(dueTime);

    public void Run(ActivationData activation)
    {
        if (_disposed.IsCancellationRequested)
        {
            activation.EndTurn(Kind, keepAlive: false);
            return;
        }

        Task tick;
        try
        {
            tick = _callback(_disposed.Token);
        }
        catch (Exception ex)
        {
            tick = Task.FromException(ex);
        }

        if (tick.IsCompleted)
        {
            Finish(tick);
        }
        else
        {
            _ = tick.ContinueWith(static (t, state) => ((GrainTimer)state!).Finish(t), this,
                CancellationToken.None, TaskContinuationOptions.ExecuteSynchronously, TaskScheduler.Default);
        }
    }

    public void Abandon(Exception? failure)
    {
        // The activation is gone: so is this timer.
    }

    public void Dispose()
    {
        if (_disposed.IsCancellationRequested)
        {
            return;
        }

        _disposed.Cancel();
        _timer.Dispose();
        _activation.RemoveTimer(this);
    }

    private void OnDue()
    {
        if (!_disposed.IsCancellationRequested && !_activation.Enqueue(this))
        {
            Dispose();
        }
    }

    private void Finish(Task tick)
    {
        if (tick.Exception is { } exception && !_disposed.IsCancellationRequested)
        {
            LogTickFailed(_logger, exception.InnerException ?? exception, _activation.GrainId);
        }

        _activation.EndTurn(Kind, keepAlive: false);
        if (_period != Timeout.InfiniteTimeSpan)
        {
            Arm(_period);
        }
    }

    private void Arm(TimeSpan dueTime)
    {
        if (_disposed.IsCancellationRequested)
        {
            return;
        }

        try
        {
            _timer.Change(dueTime, Timeout.InfiniteTimeSpan);
        }
        catch (ObjectDisposedException)
        {
            // Disposed concurrently.
        }
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "A timer callback of grain {GrainId} failed")]
    private static partial void LogTickFailed(ILogger logger, Exception exception, GrainId grainId);
}
