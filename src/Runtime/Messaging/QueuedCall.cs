using VetrAI.Runtime.Activation;

namespace VetrAI.Runtime.Messaging;

/// <summary>A call waiting in an activation's mailbox. It is its own completion source, so a queued
/// call costs one object beyond its arguments; when the activation goes away before the call ran, the
/// same object moves on to the grain's next activation (or its new owner).</summary>
internal sealed class QueuedCall<TResult> : TaskCompletionSource<TResult>, ITurn
{
    private const int Waiting = 0;
    private const int Started = 1;
    private const int Expired = 2;

    private readonly GrainMethod<TResult> _method;
    private readonly GrainId _target;
    private readonly object?[] _args;
    private readonly CallCancellation? _cancellation;
    private int _status;

    public QueuedCall(GrainMethod<TResult> method, GrainId target, object?[] args, CallCancellation? cancellation)
        : base(TaskCreationOptions.RunContinuationsAsynchronously)
    {
        _method = method;
        _target = target;
        _args = args;
        _cancellation = cancellation;
    }

    public TurnKind Kind => _method.Kind;

    /// <summary>Hands the call to <paramref name="activation"/>, or to its successor when it is already gone.</summary>
    public void Enqueue(ActivationData activation)
    {
        try
        {
            while (!activation.Enqueue(this))
            {
                activation = _method.Interface.Router.Catalog.GetOrCreate(_target);
            }
        }
        catch (Exception ex)
        {
            Fail(ex);
        }
    }

    /// <summary>The caller stopped waiting: if the call has not started, it never will.</summary>
    public void Expire() => Interlocked.CompareExchange(ref _status, Expired, Waiting);

    public void Run(ActivationData activation)
    {
        if (Interlocked.CompareExchange(ref _status, Started, Waiting) != Waiting)
        {
            activation.EndTurn(Kind);
            _cancellation?.Dispose();
            return;
        }

        _ = CompleteAsync(_method.RunTurn(activation, _args, _cancellation));
    }

    public void Abandon(Exception? failure)
    {
        if (Volatile.Read(ref _status) != Waiting)
        {
            _cancellation?.Dispose();
            return;
        }

        if (failure is not null)
        {
            Fail(failure);
            return;
        }

        try
        {
            if (_method.Interface.Router.Placement.GetOwner(_target) is { } owner)
            {
                _ = CompleteAsync(new ValueTask<TResult>(_method.InvokeRemoteAsync(owner, _target, _args, hops: 0)));
                return;
            }

            Enqueue(_method.Interface.Router.Catalog.GetOrCreate(_target));
        }
        catch (Exception ex)
        {
            Fail(ex);
        }
    }

    private void Fail(Exception failure)
    {
        _cancellation?.Dispose();
        TrySetException(failure);
    }

    private async Task CompleteAsync(ValueTask<TResult> result)
    {
        try
        {
            TrySetResult(await result);
        }
        catch (Exception ex)
        {
            // An OperationCanceledException is kept as an exception so the caller sees its type.
            TrySetException(ex);
        }
    }
}
