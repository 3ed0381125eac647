using VetrAI.Runtime.Tests.Grains;

namespace VetrAI.Runtime.Tests;

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
        var silo = await StartSiloAsync(o => o.CallTimeout = TimeSpan.FromSeconds(1));
        var grain = silo.Grains.GetGrain<IFaultyGrain>("f2");
        Assert.Equal("pong", await grain.PingAsync());

        // The grain's CancellationToken is cancelled at the timeout, so its turn ends too.
        await Assert.ThrowsAsync<TimeoutException>(() => grain.WaitForCancellationAsync(CancellationToken.None));
        Assert.Equal("pong", await grain.PingAsync());

        // Without a token the turn runs on past the timeout; the next call waits for it, then runs.
        await Assert.ThrowsAsync<TimeoutException>(() => grain.SleepAsync(TimeSpan.FromMilliseconds(1500)));
        Assert.Equal("pong", await grain.PingAsync());
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
    public async Task Guid_keyed_and_string_keyed_references_name_their_grain()
    {
        var silo = await StartSiloAsync();
        var reference = silo.Grains.GetGrain<IStateGrain>("k1");

        Assert.Equal(silo.Grains.GetGrain<IStateGrain>("k1"), reference);
        Assert.Contains("state/k1", reference.ToString(), StringComparison.Ordinal);
    }
}
