using System.Diagnostics;
using System.Reflection;
using System.Text.Json;
using System.Text.Json.Serialization.Metadata;
using VetrAI.Runtime.Activation;
using VetrAI.Runtime.Diagnostics;
using VetrAI.Runtime.Serialization;

namespace VetrAI.Runtime.Messaging;

/// <summary>The typed call path of one grain method. Void methods use <c>TResult = object</c> with a
/// null result, so there is one path for every return shape.</summary>
internal sealed class GrainMethod<TResult> : GrainMethod
{
    // DispatchProxy returns object: a completed ValueTask is boxed once, here, not per call.
    private static readonly object _completedValueTask = default(ValueTask);

    private readonly Func<object, object?[], ValueTask<TResult>> _invoke;
    private readonly Func<TResult, TResult>? _copyResult;
    private JsonTypeInfo<TResult>? _resultTypeInfo;

    public GrainMethod(GrainInterface owner, MethodInfo method, ReturnKind returnKind, GrainJsonOptions json)
        : base(owner, method, returnKind, json)
    {
        _invoke = GrainMethodCompiler.Compile<TResult>(method, returnKind);
        _copyResult = returnKind is ReturnKind.Task or ReturnKind.ValueTask ? null : json.GetCopier<TResult>();
    }

    private bool IsVoid => ReturnKind is ReturnKind.Task or ReturnKind.ValueTask;

    public override object InvokeFromProxy(GrainId target, object?[] args)
    {
        RuntimeInstruments.Calls.Add(1);
        ValueTask<TResult> result;
        try
        {
            result = RuntimeInstruments.ActivitySource.HasListeners() || RuntimeInstruments.CallDuration.Enabled
                ? InvokeObserved(target, args)
                : Invoke(target, args);
        }
        catch (Exception ex)
        {
            // A call fails through its task (e.g. an argument that cannot be copied), never by throwing from the call site.
            result = ValueTask.FromException<TResult>(ex);
        }

        return ReturnKind switch
        {
            ReturnKind.TaskOfT => result.AsTask(),
            ReturnKind.Task => result.IsCompletedSuccessfully ? Task.CompletedTask : result.AsTask(),
            ReturnKind.ValueTaskOfT => result,
            _ => result.IsCompletedSuccessfully ? _completedValueTask : new ValueTask(result.AsTask()),
        };
    }

    /// <summary>Copies the arguments, asks placement who owns the grain, and calls it there.</summary>
    public ValueTask<TResult> Invoke(GrainId target, object?[] args)
    {
        if (ArgumentCopiers is { } copiers)
        {
            for (var i = 0; i < copiers.Length; i++)
            {
                if (copiers[i] is { } copy)
                {
                    args[i] = copy(args[i]);
                }
            }
        }

        var router = Interface.Router;
        if (router.Placement.GetOwner(target) is { } owner)
        {
            return new ValueTask<TResult>(InvokeRemoteAsync(owner, target, args, hops: 0));
        }

        var timeout = router.CallTimeout;
        return InvokeLocal(target, args, timeout, CreateCallCancellation(args, timeout));
    }

    /// <summary>Runs the call on this silo's activation of <paramref name="target"/>: inline when the
    /// activation is free, else through its mailbox.</summary>
    public ValueTask<TResult> InvokeLocal(GrainId target, object?[] args, TimeSpan timeout, CallCancellation? cancellation)
    {
        ActivationData activation;
        try
        {
            activation = Interface.Router.Catalog.GetOrCreate(target);
        }
        catch (Exception ex)
        {
            cancellation?.Dispose();
            return ValueTask.FromException<TResult>(ex);
        }

        if (activation.TryStartTurn(Kind))
        {
            var result = RunTurn(activation, args, cancellation);
            return result.IsCompleted ? result : new ValueTask<TResult>(WaitAsync(result.AsTask(), target, timeout, call: null));
        }

        var call = new QueuedCall<TResult>(this, target, args, cancellation);
        call.Enqueue(activation);
        return call.Task.IsCompleted
            ? new ValueTask<TResult>(call.Task)
            : new ValueTask<TResult>(WaitAsync(call.Task, target, timeout, call));
    }

    /// <summary>Runs the method as a turn that <paramref name="activation"/> has already counted, and
    /// ends the turn when the method's task ends (not when a caller stops waiting).</summary>
    public ValueTask<TResult> RunTurn(ActivationData activation, object?[] args, CallCancellation? cancellation)
    {
        ValueTask<TResult> pending;
        try
        {
            pending = _invoke(activation.Grain, args);
            if (pending.IsCompletedSuccessfully)
            {
                var value = pending.Result;
                if (_copyResult is not null)
                {
                    value = _copyResult(value);
                }
                else if (ReturnKind == ReturnKind.TaskOfT)
                {
                    // The grain's own completed Task<T> can be handed back as it is: no allocation.
                    activation.EndTurn(Kind);
                    cancellation?.Dispose();
                    return pending;
                }

                activation.EndTurn(Kind);
                cancellation?.Dispose();
                return new ValueTask<TResult>(value);
            }
        }
        catch (Exception ex)
        {
            activation.EndTurn(Kind);
            cancellation?.Dispose();
            return ValueTask.FromException<TResult>(TranslateFailure(ex, cancellation, activation.GrainId));
        }

        if (pending.IsCompleted)
        {
            activation.EndTurn(Kind);
            cancellation?.Dispose();
            return cancellation is { TimedOut: true } && pending.IsCanceled
                ? ValueTask.FromException<TResult>(TranslateFailure(new OperationCanceledException(), cancellation, activation.GrainId))
                : pending;
        }

        return new ValueTask<TResult>(CompleteTurnAsync(activation, pending, cancellation));
    }

    public override async Task<RemoteCallResponse> HandleRemoteAsync(RemoteCallRequest request, CancellationToken cancellationToken)
    {
        var args = DeserializeArguments(request.Arguments);
        var timeout = TimeSpan.FromMilliseconds(Math.Max(1, request.TimeoutMilliseconds));
        if (CancellationTokenIndex >= 0)
        {
            args[CancellationTokenIndex] = cancellationToken;
        }

        var value = await InvokeLocal(request.Target, args, timeout, CreateCallCancellation(args, timeout));
        return new RemoteCallResponse(IsVoid ? null : JsonSerializer.SerializeToUtf8Bytes(value, GetResultTypeInfo()), null, null);
    }

    /// <summary>Sends the call to the silo that owns the grain; the arguments cross as JSON, so they
    /// are not copied first.</summary>
    public async Task<TResult> InvokeRemoteAsync(SiloAddress owner, GrainId target, object?[] args, int hops)
    {
        var router = Interface.Router;
        var sender = router.Sender
            ?? throw new InvalidOperationException(
                $"Placement chose silo {owner} for grain {target}, but this process has no remote call sender registered (is the cluster transport configured?).");
        var timeout = router.CallTimeout;
        var callerToken = CancellationTokenIndex >= 0 && args[CancellationTokenIndex] is CancellationToken token ? token : default;
        using var cancellation = CancellationTokenSource.CreateLinkedTokenSource(callerToken);
        cancellation.CancelAfter(timeout);
        var request = new RemoteCallRequest(target, Interface.Type.FullName!, Name, SerializeArguments(args), hops, (int)timeout.TotalMilliseconds);
        RemoteCallResponse response;
        try
        {
            response = await sender.SendAsync(owner, request, cancellation.Token);
        }
        catch (OperationCanceledException) when (cancellation.IsCancellationRequested && !callerToken.IsCancellationRequested)
        {
            throw new TimeoutException($"The call {DisplayName} to grain {target} on silo {owner} did not complete within {timeout}.");
        }

        if (response.ExceptionType is { } exceptionType)
        {
            var failure = RemoteExceptions.Create(exceptionType, response.ExceptionMessage);
            if (failure is OperationCanceledException && cancellation.IsCancellationRequested && !callerToken.IsCancellationRequested)
            {
                // The owner saw the transport give up because this call timed out.
                throw new TimeoutException($"The call {DisplayName} to grain {target} on silo {owner} did not complete within {timeout}.");
            }

            throw failure;
        }

        if (IsVoid || response.Result is null)
        {
            return default!;
        }

        return JsonSerializer.Deserialize(response.Result, GetResultTypeInfo())!;
    }

    private JsonTypeInfo<TResult> GetResultTypeInfo() => _resultTypeInfo ??= Json.GetTypeInfo<TResult>();

    private async Task<TResult> CompleteTurnAsync(ActivationData activation, ValueTask<TResult> pending, CallCancellation? cancellation)
    {
        try
        {
            var value = await pending;
            return _copyResult is null ? value : _copyResult(value);
        }
        catch (OperationCanceledException ex) when (cancellation is { TimedOut: true })
        {
            throw TranslateFailure(ex, cancellation, activation.GrainId);
        }
        finally
        {
            activation.EndTurn(Kind);
            cancellation?.Dispose();
        }
    }

    private async Task<TResult> WaitAsync(Task<TResult> task, GrainId target, TimeSpan timeout, QueuedCall<TResult>? call)
    {
        try
        {
            return await task.WaitAsync(timeout);
        }
        catch (TimeoutException) when (!task.IsCompleted)
        {
            call?.Expire();
            // The turn goes on until the grain's task ends; its outcome no longer has a reader.
            _ = task.ContinueWith(static t => _ = t.Exception, CancellationToken.None, TaskContinuationOptions.OnlyOnFaulted, TaskScheduler.Default);
            throw new TimeoutException($"The call {DisplayName} to grain {target} did not complete within {timeout}.");
        }
    }

    private ValueTask<TResult> InvokeObserved(GrainId target, object?[] args)
    {
        var activity = RuntimeInstruments.ActivitySource.StartActivity(DisplayName, ActivityKind.Internal);
        activity?.SetTag("vetrai.grain", target.ToString());
        var start = StartTimestamp();
        ValueTask<TResult> result;
        try
        {
            result = Invoke(target, args);
        }
        catch
        {
            activity?.Dispose();
            throw;
        }

        if (result.IsCompleted)
        {
            RecordDuration(start);
            activity?.Dispose();
            return result;
        }

        return new ValueTask<TResult>(ObserveAsync(result, start, activity));

        static async Task<TResult> ObserveAsync(ValueTask<TResult> result, long start, Activity? activity)
        {
            try
            {
                return await result;
            }
            catch (Exception ex)
            {
                activity?.SetStatus(ActivityStatusCode.Error, ex.GetType().Name);
                throw;
            }
            finally
            {
                RecordDuration(start);
                activity?.Dispose();
            }
        }
    }
}
