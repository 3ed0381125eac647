namespace VetrAI.Runtime.Bench;

public interface IBenchGrain : IGrainWithStringKey
{
    Task<int> IncrementAsync();

    ValueTask<int> AddAsync(int amount);

    /// <summary>Yields once: every call takes the asynchronous path (mailbox, turn end on another thread).</summary>
    Task<int> YieldAsync();
}

/// <summary>The small grain the benchmarks call: one int of state.</summary>
internal sealed class BenchGrain : Grain, IBenchGrain
{
    private int _value;

    public Task<int> IncrementAsync() => Task.FromResult(++_value);

    public ValueTask<int> AddAsync(int amount) => new(_value += amount);

    public async Task<int> YieldAsync()
    {
        await Task.Yield();
        return ++_value;
    }
}

/// <summary>The same grain, for measuring the memory of an activation whose grain has no state beyond the base class.</summary>
public interface IEmptyGrain : IGrainWithStringKey
{
    Task PingAsync();
}

internal sealed class EmptyGrain : Grain, IEmptyGrain
{
    public Task PingAsync() => Task.CompletedTask;
}
