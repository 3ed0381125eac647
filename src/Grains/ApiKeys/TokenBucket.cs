using VetrAI.Grains.Abstractions.ApiKeys;

namespace VetrAI.Grains.ApiKeys;

/// <summary>A token bucket in exact integer arithmetic: one token is <c>window</c> ticks' worth of units, and
/// every elapsed tick adds <c>limit</c> units, so <c>limit</c> tokens refill per window with no rounding
/// drift. It lives only in the key grain's memory: the grain's one-call-at-a-time execution makes it exact
/// under any concurrency, and a restart (at most one per deactivation) starts it full.</summary>
internal sealed class TokenBucket
{
    private int _limit;
    private long _windowTicks;
    private long _units;
    private long _updatedTicks;

    /// <summary>The validations that would pass at the last <see cref="Refill"/>.</summary>
    public int Remaining => (int)(_units / _windowTicks);

    /// <summary>Brings the bucket to <paramref name="now"/> under the given setting; a changed setting starts
    /// a full bucket. Limits are at most 1,000,000 per at most 1 day, so units stay far below long.MaxValue.</summary>
    public void Refill(long now, int limit, int windowSeconds)
    {
        var windowTicks = windowSeconds * TimeSpan.TicksPerSecond;
        var capacity = limit * windowTicks;
        if (limit != _limit || windowTicks != _windowTicks)
        {
            _limit = limit;
            _windowTicks = windowTicks;
            _units = capacity;
            _updatedTicks = now;
            return;
        }

        var elapsed = now - _updatedTicks;
        if (elapsed <= 0)
        {
            return;
        }

        _units = elapsed >= windowTicks ? capacity : Math.Min(capacity, _units + (elapsed * limit));
        _updatedTicks = now;
    }

    /// <summary>Takes one token; call only when <see cref="Remaining"/> is at least 1.</summary>
    public void Take() => _units -= _windowTicks;

    /// <summary>The bucket as a client sees it: what remains and when it is full again.</summary>
    public RateLimitStatus Status(long now)
    {
        var missing = (_limit * _windowTicks) - _units;
        var ticksToFull = (missing + _limit - 1) / _limit;
        return new RateLimitStatus(_limit, Remaining, new DateTimeOffset(now + ticksToFull, TimeSpan.Zero));
    }
}
