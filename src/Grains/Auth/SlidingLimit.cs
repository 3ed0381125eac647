namespace VetrAI.Grains.Auth;

/// <summary>At most <paramref name="Max"/> events of one account (failed attempts, emails sent) in any
/// <paramref name="Window"/>: the one sliding-window rule of the account's throttles.</summary>
internal readonly record struct SlidingLimit(int Max, TimeSpan Window)
{
    /// <summary>The times inside the window that ends <paramref name="now"/>, oldest first: all a throttle keeps.</summary>
    public List<DateTimeOffset> Recent(IEnumerable<DateTimeOffset> times, DateTimeOffset now)
    {
        var start = now - Window;
        return times.Where(t => t > start).Order().ToList();
    }

    /// <summary>How long until one more event is allowed, or null when it is allowed now: enough of
    /// <paramref name="recent"/> (oldest first) must leave the window to get back under the limit.</summary>
    public TimeSpan? WaitAfter(IReadOnlyList<DateTimeOffset> recent, DateTimeOffset now)
        => recent.Count < Max ? null : recent[recent.Count - Max] + Window - now;
}
