using VetrAI.Cluster.TestSilo;

namespace VetrAI.Cluster.Tests;

/// <summary>Any silo may claim a due reminder; it is delivered as a grain call to the grain's owner.</summary>
public sealed class ReminderTests
{
    [Fact]
    public async Task Reminders_fire_on_the_owner_whichever_silo_claims_them()
    {
        await using var cluster = await TestCluster.StartAsync(2);
        var keys = Enumerable.Range(0, 12).Select(i => $"remind-{i}").ToList();
        foreach (var key in keys)
        {
            await cluster.Grains.GetGrain<ICounterGrain>(key).RemindAsync(500);
        }

        foreach (var key in keys)
        {
            var grain = cluster.Grains.GetGrain<ICounterGrain>(key);
            await Wait.UntilAsync(async () => await grain.GetAsync() == 1, TimeSpan.FromSeconds(20), $"the reminder of {key}", cluster.Diagnostics);
        }
    }
}
