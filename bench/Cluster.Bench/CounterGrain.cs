using VetrAI.Runtime;

namespace VetrAI.Cluster.Bench;

/// <summary>A grain that persists on every call: one versioned grain_state write per call.</summary>
[GrainType("bench.counter")]
public interface ICounterGrain : IGrainWithStringKey
{
    /// <summary>Adds <paramref name="amount"/>, writes the state and returns the new total.</summary>
    Task<long> AddAsync(long amount);
}

internal sealed class CounterGrain([PersistentState("counter")] IPersistentState<CounterState> state) : Grain, ICounterGrain
{
    public async Task<long> AddAsync(long amount)
    {
        state.State = new CounterState { Total = state.State.Total + amount };
        await state.WriteStateAsync();
        return state.State.Total;
    }
}

/// <summary>The counter's stored state.</summary>
public sealed class CounterState
{
    /// <summary>The persisted total.</summary>
    public long Total { get; set; }
}
