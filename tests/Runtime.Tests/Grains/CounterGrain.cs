namespace VetrAI.Runtime.Tests.Grains;

public interface ICounterGrain : IGrainWithStringKey
{
    Task<int> IncrementAsync();

    [ReadOnly]
    Task<int> GetAsync();

    Task<int> GetMaxConcurrencyAsync();
}

internal sealed class CounterGrain : Grain, ICounterGrain
{
    private int _value;
    private int _inside;
    private int _maxInside;

    public async Task<int> IncrementAsync()
    {
        var inside = Interlocked.Increment(ref _inside);
        _maxInside = Math.Max(_maxInside, inside);
        var before = _value;
        // Give any interleaving call every chance to run here.
        await Task.Yield();
        await Task.Delay(1);
        _value = before + 1;
        Interlocked.Decrement(ref _inside);
        return _value;
    }

    public Task<int> GetAsync() => Task.FromResult(_value);

    public Task<int> GetMaxConcurrencyAsync() => Task.FromResult(_maxInside);
}
