using VetrAI.Runtime.Tests.Grains;

namespace VetrAI.Runtime.Tests;

public sealed class ReminderTests : SiloTestBase
{
    [Fact]
    public async Task A_reminder_registered_before_a_restart_fires_after_it_and_a_cancelled_one_does_not()
    {
        var first = await StartSiloAsync();
        var grain = first.Grains.GetGrain<IReminderGrain>("g");
        // Due well after the stop below, even on a loaded machine: the first silo must not deliver them.
        await grain.RegisterAsync("fires", TimeSpan.FromSeconds(5), Timeout.InfiniteTimeSpan);
        await grain.RegisterAsync("cancelled", TimeSpan.FromSeconds(5), Timeout.InfiniteTimeSpan);
        await grain.UnregisterAsync("cancelled");
        await grain.RegisterAsync("later", TimeSpan.FromSeconds(6), Timeout.InfiniteTimeSpan);
        await first.StopAsync();
        Assert.Equal(0, first.Probe.Count("reminder:g:fires"));

        var second = await StartSiloAsync();
        await second.Probe.WhenRecorded("reminder:g:fires").WithDeadline("the reminder registered before the restart");
        // "later" was due after "cancelled": once it fired, the poller has been past the cancelled one's due time.
        await second.Probe.WhenRecorded("reminder:g:later").WithDeadline("the reminder due after the cancelled one");
        Assert.Equal(0, second.Probe.Count("reminder:g:cancelled"));
        // One-shot reminders are removed once delivered.
        var again = second.Grains.GetGrain<IReminderGrain>("g");
        await Eventually.WaitAsync(async () => !await again.ExistsAsync("fires"), "the delivered one-shot reminder to be removed");
    }

    [Fact]
    public async Task A_periodic_reminder_keeps_firing()
    {
        var silo = await StartSiloAsync();
        var grain = silo.Grains.GetGrain<IReminderGrain>("p");
        await grain.RegisterAsync("tick", TimeSpan.Zero, TimeSpan.FromMilliseconds(200));

        await Eventually.WaitAsync(() => silo.Probe.Count("reminder:p:tick") >= 3, "three ticks of a periodic reminder");
        await grain.UnregisterAsync("tick");
        Assert.False(await grain.ExistsAsync("tick"));
    }
}
