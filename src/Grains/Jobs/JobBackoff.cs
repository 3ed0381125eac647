namespace VetrAI.Grains.Jobs;

/// <summary>Delay before the next attempt: exponential in the attempts made, capped, with half of it
/// random so that jobs failing together do not retry together.</summary>
internal static class JobBackoff
{
    public static TimeSpan Delay(int failedAttempts, TimeSpan baseDelay, TimeSpan maxDelay, Random random)
    {
        var exponent = Math.Clamp(failedAttempts - 1, 0, 30);
        var ceiling = Math.Min(baseDelay.Ticks * Math.Pow(2, exponent), maxDelay.Ticks);
        var half = ceiling / 2;
        return TimeSpan.FromTicks((long)(half + (random.NextDouble() * half)));
    }
}
