using System.Collections.Concurrent;

namespace VetrAI.Runtime.Tests.Grains;

/// <summary>A per-host singleton through which test grains report what happened to them.</summary>
public sealed class Probe
{
    private readonly ConcurrentDictionary<string, TaskCompletionSource> _events = new();
    private readonly ConcurrentDictionary<string, int> _counts = new();

    public void Record(string name)
    {
        _counts.AddOrUpdate(name, 1, (_, n) => n + 1);
        Event(name).TrySetResult();
    }

    public int Count(string name) => _counts.GetValueOrDefault(name);

    /// <summary>A gate a grain waits on until the test opens it.</summary>
    public Task Gate(string name) => Event("gate:" + name).Task;

    public void Open(string name) => Event("gate:" + name).TrySetResult();

    /// <summary>How many of the next activations of lifecycle grains should fail.</summary>
    public int FailingActivations;

    public Task WhenRecorded(string name) => Event(name).Task;

    private TaskCompletionSource Event(string name) =>
        _events.GetOrAdd(name, _ => new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously));
}

/// <summary>Passed to grains by reference (it is [Immutable]): calls meet here, and each waits until
/// all parties arrived. Only calls that really run at the same time can all get through.</summary>
[Immutable]
public sealed class Rendezvous(int parties)
{
    private readonly TaskCompletionSource _all = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private int _arrived;

    public Task ArriveAndWaitAsync()
    {
        if (Interlocked.Increment(ref _arrived) == parties)
        {
            _all.TrySetResult();
        }

        return _all.Task;
    }
}

/// <summary>An [Immutable] payload: the runtime must pass this very instance.</summary>
[Immutable]
public sealed class ImmutableBox(string value)
{
    public string Value { get; } = value;
}
