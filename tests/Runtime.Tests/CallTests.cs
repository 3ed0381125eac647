using VetrAI.Runtime.Tests.Grains;

namespace VetrAI.Runtime.Tests;

[GrainType("named")]
public interface IExplicitlyNamed : IGrainWithGuidKey
{
    Task PingAsync();
}

public sealed class CallTests : SiloTestBase
{
    [Fact]
    public async Task A_grain_exception_reaches_the_caller_with_its_type_and_message()
    {
        var silo = await StartSiloAsync();
        var grain = silo.Grains.GetGrain<IFaultyGrain>("f1");

        var thrown = await Assert.ThrowsAsync<TestDomainException>(() => grain.ThrowAsync("the ticket is closed"));
        Assert.Equal("the ticket is closed", thrown.Message);

        var synchronous = await Assert.ThrowsAsync<ArgumentException>(async () => await grain.ThrowSynchronouslyAsync("bad input"));
        Assert.Equal("bad input", synchronous.Message);

        Assert.Equal("pong", await grain.PingAsync());
    }

    [Fact]
    public async Task A_call_over_its_timeout_fails_with_TimeoutException_and_the_grain_answers_the_next_call()
    {
        // The timeout is also what the calls after it may take: 3 s leaves room for a machine so
        // loaded that the thread pool is slow to run the turn that follows.
        var silo = await StartSiloAsync(o => o.CallTimeout = TimeSpan.FromSeconds(3));
        var grain = silo.Grains.GetGrain<IFaultyGrain>("f2");
        Assert.Equal("pong", await grain.PingAsync());

        // The grain's CancellationToken is cancelled at the timeout, so its turn ends too.
        await Assert.ThrowsAsync<TimeoutException>(() => grain.WaitForCancellationAsync(CancellationToken.None));
        Assert.Equal("pong", await grain.PingAsync());

        // Without a token the turn runs on past the timeout; the next call waits for it, then runs.
        await Assert.ThrowsAsync<TimeoutException>(() => grain.HoldAsync("f2-turn"));
        var next = grain.PingAsync();
        Assert.False(next.IsCompleted, "the next call waits while the timed-out turn still runs");
        silo.Probe.Open("f2-turn");
        Assert.Equal("pong", await next);
    }

    [Fact]
    public async Task Arguments_are_copied_unless_immutable()
    {
        var silo = await StartSiloAsync();
        var grain = silo.Grains.GetGrain<ICopyGrain>("copy");
        var items = new List<string> { "a", "b" };

        await grain.StoreListAsync(items);
        items.Add("c");

        Assert.Equal(2, await grain.GetListCountAsync());
        Assert.False(await grain.IsStoredListAsync(items));

        var returned = await grain.GetListAsync();
        returned.Add("mutated by the caller");
        Assert.Equal(2, await grain.GetListCountAsync());

        var box = new ImmutableBox("shared");
        await grain.StoreBoxAsync(box);
        Assert.True(await grain.IsStoredBoxAsync(box));
    }

    [Fact]
    public async Task Grain_references_pass_as_arguments()
    {
        var silo = await StartSiloAsync();
        await silo.Grains.GetGrain<IStateGrain>("target").SetAsync("reached");

        Assert.Equal("reached", await silo.Grains.GetGrain<ICopyGrain>("caller").ReadThroughAsync(silo.Grains.GetGrain<IStateGrain>("target")));
    }

    [Fact]
    public void Grain_type_names_follow_the_interface_name_rule()
    {
        Assert.Equal("state", Messaging.GrainInterfaceRegistry.GrainTypeName(typeof(IStateGrain)));
        Assert.Equal("indexed", Messaging.GrainInterfaceRegistry.GrainTypeName(typeof(IIndexedGrain)));
        Assert.Equal("named", Messaging.GrainInterfaceRegistry.GrainTypeName(typeof(IExplicitlyNamed)));
    }

    [Fact]
    public async Task Calls_are_counted_on_the_runtime_meter()
    {
        var silo = await StartSiloAsync();
        long calls = 0;
        long durations = 0;
        using var listener = new System.Diagnostics.Metrics.MeterListener();
        listener.InstrumentPublished = (instrument, l) =>
        {
            if (instrument.Meter.Name == "VetrAI.Runtime" && instrument.Name is "vetrai.runtime.calls" or "vetrai.runtime.call.duration")
            {
                l.EnableMeasurementEvents(instrument);
            }
        };
        listener.SetMeasurementEventCallback<long>((_, value, _, _) => Interlocked.Add(ref calls, value));
        listener.SetMeasurementEventCallback<double>((_, _, _, _) => Interlocked.Increment(ref durations));
        listener.Start();

        var grain = silo.Grains.GetGrain<IFaultyGrain>("metered");
        await grain.PingAsync();
        await Assert.ThrowsAsync<TestDomainException>(() => grain.ThrowAsync("measured too"));

        Assert.True(Interlocked.Read(ref calls) >= 2, "both calls are counted");
        Assert.True(Interlocked.Read(ref durations) >= 2, "both calls' durations are recorded");
    }

    [Fact]
    public async Task Guid_keyed_and_string_keyed_references_name_their_grain()
    {
        var silo = await StartSiloAsync();
        var reference = silo.Grains.GetGrain<IStateGrain>("k1");

        Assert.Equal(silo.Grains.GetGrain<IStateGrain>("k1"), reference);
        Assert.Contains("state/k1", reference.ToString(), StringComparison.Ordinal);
    }
}
