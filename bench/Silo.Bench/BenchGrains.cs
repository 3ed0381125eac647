namespace VetrAI.Silo.Bench;

/// <summary>The small grain the call scenarios use: one int of state.</summary>
[Alias("bench.IBenchGrain")]
public interface IBenchGrain : IGrainWithStringKey
{
    /// <summary>Adds one; completes synchronously.</summary>
    [Alias("Increment")]
    Task<int> IncrementAsync();

    /// <summary>Adds <paramref name="amount"/>; completes synchronously.</summary>
    [Alias("Add")]
    ValueTask<int> AddAsync(int amount);

    /// <summary>Yields once, so every call ends its turn on another thread.</summary>
    [Alias("Yield")]
    Task<int> YieldAsync();
}

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

/// <summary>A grain with no fields of its own: what an idle activation costs is the runtime's share.</summary>
[Alias("bench.IEmptyGrain")]
public interface IEmptyGrain : IGrainWithStringKey
{
    /// <summary>Does nothing; the first call activates the grain.</summary>
    [Alias("Ping")]
    Task PingAsync();
}

internal sealed class EmptyGrain : Grain, IEmptyGrain
{
    public Task PingAsync() => Task.CompletedTask;
}
