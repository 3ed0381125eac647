namespace VetrAI.TestSupport;

/// <summary>Real time plus an offset a test can push forward: timers and timeouts keep running in real
/// time while expiry, refills, lockout windows and grace periods can be jumped over.</summary>
public sealed class ShiftedClock : TimeProvider
{
    private long _offsetTicks;

    public override DateTimeOffset GetUtcNow() => System.GetUtcNow().AddTicks(Interlocked.Read(ref _offsetTicks));

    public void Advance(TimeSpan by) => Interlocked.Add(ref _offsetTicks, by.Ticks);
}
