using VetrAI.Grains.Jobs;

namespace VetrAI.Grains.Tests.Jobs;

public sealed class JobBackoffTests
{
    [Theory]
    [InlineData(1, 1_000, 2_000)]
    [InlineData(2, 2_000, 4_000)]
    [InlineData(3, 4_000, 8_000)]
    [InlineData(10, 30_000, 60_000)]
    public void Delays_double_per_attempt_up_to_the_cap_with_half_of_them_random(int failedAttempts, int minMs, int maxMs)
    {
        var random = new Random(7);
        var delays = Enumerable.Range(0, 200)
            .Select(_ => JobBackoff.Delay(failedAttempts, TimeSpan.FromSeconds(2), TimeSpan.FromMinutes(1), random).TotalMilliseconds)
            .ToList();

        Assert.All(delays, d => Assert.InRange(d, minMs, maxMs));
        Assert.True(delays.Distinct().Count() > 100, "the delays should be jittered");
    }
}
