using VetrAI.Runtime.Tests.Grains;

namespace VetrAI.Runtime.Tests;

public sealed class TurnTests : SiloTestBase
{
    [Fact]
    public async Task Concurrent_calls_to_a_non_reentrant_method_never_overlap_and_all_count()
    {
        var silo = await StartSiloAsync();
        var counter = silo.Grains.GetGrain<ICounterGrain>("c1");
        const int calls = 200;

        await Task.WhenAll(Enumerable.Range(0, calls).Select(_ => Task.Run(() => counter.IncrementAsync())));

        Assert.Equal(calls, await counter.GetAsync());
        Assert.Equal(1, await counter.GetMaxConcurrencyAsync());
    }

    [Fact]
    public async Task Read_only_calls_interleave_with_each_other()
    {
        var silo = await StartSiloAsync();
        var grain = silo.Grains.GetGrain<IMeetingGrain>("m1");
        var rendezvous = new Rendezvous(3);

        var results = await Task.WhenAll(Enumerable.Range(0, 3).Select(_ => grain.MeetReadOnlyAsync(rendezvous)))
            .WithDeadline("three [ReadOnly] calls to be inside the grain at once");

        Assert.All(results, Assert.True);
    }

    [Fact]
    public async Task Always_interleave_calls_interleave()
    {
        var silo = await StartSiloAsync();
        var grain = silo.Grains.GetGrain<IMeetingGrain>("m2");
        var rendezvous = new Rendezvous(2);

        var results = await Task.WhenAll(grain.MeetInterleavedAsync(rendezvous), grain.MeetInterleavedAsync(rendezvous))
            .WithDeadline("two [AlwaysInterleave] calls to be inside the grain at once");

        Assert.All(results, Assert.True);
    }

    [Fact]
    public async Task Calls_to_a_reentrant_grain_interleave()
    {
        var silo = await StartSiloAsync();
        var grain = silo.Grains.GetGrain<IReentrantMeetingGrain>("r1");
        var rendezvous = new Rendezvous(2);

        var results = await Task.WhenAll(grain.MeetAsync(rendezvous), grain.MeetAsync(rendezvous))
            .WithDeadline("two calls to a [Reentrant] grain to be inside it at once");

        Assert.All(results, Assert.True);
    }

    [Fact]
    public async Task Exclusive_calls_do_not_interleave()
    {
        var silo = await StartSiloAsync();
        var grain = silo.Grains.GetGrain<IMeetingGrain>("m3");
        var rendezvous = new Rendezvous(2);

        // The first call waits in vain for a partner (the second cannot start), gives up, and only
        // then lets the second in, which then finds the first had arrived.
        var results = await Task.WhenAll(
            grain.MeetExclusiveAsync(rendezvous, TimeSpan.FromMilliseconds(300)),
            grain.MeetExclusiveAsync(rendezvous, TimeSpan.FromMilliseconds(300)));

        Assert.Equal([false, true], results);
    }

    [Fact]
    public async Task Timer_ticks_are_turns_that_never_overlap_calls()
    {
        var silo = await StartSiloAsync();
        var grain = silo.Grains.GetGrain<ITimerGrain>("t1");
        await grain.StartAsync(TimeSpan.FromMilliseconds(10));
        await Eventually.WaitAsync(() => silo.Probe.Count("tick:t1") >= 5, "five timer ticks");

        for (var i = 0; i < 10; i++)
        {
            await grain.SlowCallAsync();
        }

        await grain.StopAsync();
        Assert.Equal(0, await grain.GetOverlapsAsync());
        Assert.True(await grain.GetTicksAsync() >= 5);
    }
}
