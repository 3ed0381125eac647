namespace VetrAI.Runtime.Tests.Grains;

public interface ITimerGrain : IGrainWithStringKey
{
    Task StartAsync(TimeSpan period);

    Task StopAsync();

    Task<int> GetTicksAsync();

    Task<int> GetOverlapsAsync();

    Task<int> SlowCallAsync();
}

internal sealed class TimerGrain(Probe probe) : Grain, ITimerGrain
{
    private IDisposable? _timer;
    private int _ticks;
    private int _inside;
    private int _overlaps;

    public Task StartAsync(TimeSpan period)
    {
        _timer = RegisterGrainTimer(async _ =>
        {
            Enter();
            await Task.Delay(5);
            _ticks++;
            Leave();
            probe.Record($"tick:{GetPrimaryKeyString()}");
        }, period, period);
        return Task.CompletedTask;
    }

    public Task StopAsync()
    {
        _timer?.Dispose();
        return Task.CompletedTask;
    }

    public Task<int> GetTicksAsync() => Task.FromResult(_ticks);

    public Task<int> GetOverlapsAsync() => Task.FromResult(_overlaps);

    public async Task<int> SlowCallAsync()
    {
        Enter();
        await Task.Delay(50);
        Leave();
        return _ticks;
    }

    private void Enter()
    {
        if (Interlocked.Increment(ref _inside) > 1)
        {
            Interlocked.Increment(ref _overlaps);
        }
    }

    private void Leave() => Interlocked.Decrement(ref _inside);
}
