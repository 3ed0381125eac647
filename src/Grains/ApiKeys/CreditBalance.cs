using VetrAI.Grains.Abstractions.ApiKeys;

namespace VetrAI.Grains.ApiKeys;

/// <summary>Credit refill periods: a refill sets the balance back to the refill amount at the first
/// validation after each period's start (00:00 UTC daily, or the 1st of the month).</summary>
internal static class CreditBalance
{
    /// <summary>The start of the refill period that contains <paramref name="now"/>.</summary>
    public static DateTimeOffset PeriodStart(CreditRefillInterval interval, DateTimeOffset now)
    {
        var utc = now.UtcDateTime;
        return interval == CreditRefillInterval.Daily
            ? new DateTimeOffset(utc.Year, utc.Month, utc.Day, 0, 0, 0, TimeSpan.Zero)
            : new DateTimeOffset(utc.Year, utc.Month, 1, 0, 0, 0, TimeSpan.Zero);
    }

    /// <summary>Whether a balance last refilled (or created) at <paramref name="refilledAt"/> is due a refill.</summary>
    public static bool IsDue(CreditRefill refill, DateTimeOffset refilledAt, DateTimeOffset now)
        => PeriodStart(refill.Interval, now) > refilledAt;
}
