using VetrAI.Runtime;

namespace VetrAI.Cluster.TestSilo;

internal sealed class CounterGrain([PersistentState("counter")] IPersistentState<CounterState> state) : Grain, ICounterGrain, IRemindable
{
    private static readonly string SiloPort = Environment.GetEnvironmentVariable("VETRAI_CLUSTER_PORT") ?? "local";
    private long _unsaved;

    public async Task<long> AddAsync(long amount)
    {
        state.State = state.State with { Total = state.State.Total + _unsaved + amount };
        await state.WriteStateAsync();
        _unsaved = 0;
        return state.State.Total;
    }

    public Task<long> AddInMemoryAsync(long amount)
    {
        _unsaved += amount;
        return Task.FromResult(state.State.Total + _unsaved);
    }

    public Task<long> GetAsync() => Task.FromResult(state.State.Total + _unsaved);

    public Task<string> GetSiloAsync() => Task.FromResult(SiloPort);

    public Task WaitAsync(int milliseconds) => Task.Delay(milliseconds);

    public Task WriteWhenFileAppearsAsync(string markerPath, long amount)
    {
        IDisposable? timer = null;
        timer = RegisterGrainTimer(
            async cancellationToken =>
            {
                if (!File.Exists(markerPath) || timer is null)
                {
                    return;
                }

                timer.Dispose();
                timer = null;
                _unsaved += amount;
                await PersistUnsavedAsync("marker write", cancellationToken);
            },
            TimeSpan.Zero,
            TimeSpan.FromMilliseconds(50));
        return Task.CompletedTask;
    }

    public Task RemindAsync(int dueMilliseconds) =>
        RegisterOrUpdateReminder("add-one", TimeSpan.FromMilliseconds(dueMilliseconds), Timeout.InfiniteTimeSpan);

    public async Task ReceiveReminder(string reminderName, TickStatus status)
    {
        state.State = state.State with { Total = state.State.Total + 1 };
        await state.WriteStateAsync();
    }

    public override async Task OnDeactivateAsync(DeactivationReason reason, CancellationToken cancellationToken)
    {
        if (_unsaved != 0)
        {
            await PersistUnsavedAsync("deactivation write", cancellationToken);
        }
    }

    /// <summary>Persists the in-memory increments and prints whether storage accepted the write, so
    /// that a test can see what a silo tried after it was declared dead.</summary>
    private async Task PersistUnsavedAsync(string what, CancellationToken cancellationToken)
    {
        var key = this.GetPrimaryKeyString();
        try
        {
            state.State = state.State with { Total = state.State.Total + _unsaved };
            await state.WriteStateAsync(cancellationToken);
            _unsaved = 0;
            Console.WriteLine($"{what} of {key}: accepted, total {state.State.Total}");
        }
        catch (InconsistentStateException ex)
        {
            Console.WriteLine($"{what} of {key}: refused: {ex.Message}");
            throw;
        }
    }
}

/// <summary>The counter's stored state.</summary>
public sealed record CounterState
{
    /// <summary>The persisted total.</summary>
    public long Total { get; init; }
}
