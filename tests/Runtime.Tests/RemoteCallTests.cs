using Microsoft.Extensions.DependencyInjection;
using VetrAI.Runtime.Messaging;
using VetrAI.Runtime.Placement;
using VetrAI.Runtime.Tests.Grains;

namespace VetrAI.Runtime.Tests;

/// <summary>Two silos in one process, wired by a loopback "transport" that hands a RemoteCallRequest to
/// the other silo's IRemoteCallHandler: the call path serializes, routes and rebuilds results and
/// exceptions exactly as it will over the cluster transport.</summary>
public sealed class RemoteCallTests : SiloTestBase
{
    private static readonly SiloAddress _a = new("a", 1, 1);
    private static readonly SiloAddress _b = new("b", 1, 1);

    private readonly Dictionary<SiloAddress, TestSilo> _silos = [];

    [Fact]
    public async Task A_call_placed_on_another_silo_runs_there_with_results_and_exceptions_carried_back()
    {
        var (a, b) = await StartPairAsync();
        var onB = a.Grains.GetGrain<IStateGrain>("remote-1");

        await onB.SetAsync("set from a");

        Assert.Equal("set from a", await onB.GetAsync());
        Assert.Equal(1, b.Probe.Count("activated:remote-1"));
        Assert.Equal(0, a.Probe.Count("activated:remote-1"));

        var copy = a.Grains.GetGrain<ICopyGrain>("remote-copy");
        await copy.StoreListAsync(["x", "y"]);
        Assert.Equal(["x", "y"], await copy.GetListAsync());

        await a.Grains.GetGrain<IStateGrain>("local-target").SetAsync("from a reference");
        Assert.Equal("from a reference", await copy.ReadThroughAsync(a.Grains.GetGrain<IStateGrain>("local-target")));

        var faulty = a.Grains.GetGrain<IFaultyGrain>("remote-faulty");
        var thrown = await Assert.ThrowsAsync<TestDomainException>(() => faulty.ThrowAsync("over the wire"));
        Assert.Equal("over the wire", thrown.Message);
        var synchronous = await Assert.ThrowsAsync<ArgumentException>(async () => await faulty.ThrowSynchronouslyAsync("bad"));
        Assert.Equal("bad", synchronous.Message);
    }

    [Fact]
    public async Task A_remote_call_over_its_timeout_fails_with_TimeoutException()
    {
        // The timeout is also what the calls after it may take: 3 s leaves room for a machine so
        // loaded that the thread pool is slow to run the turn that follows.
        var (a, _) = await StartPairAsync(o => o.CallTimeout = TimeSpan.FromSeconds(3));
        var faulty = a.Grains.GetGrain<IFaultyGrain>("remote-slow");

        await Assert.ThrowsAsync<TimeoutException>(() => faulty.WaitForCancellationAsync(CancellationToken.None));
        Assert.Equal("pong", await faulty.PingAsync());
    }

    [Fact]
    public async Task A_silo_that_does_not_own_the_grain_forwards_once_and_the_next_silo_runs_it()
    {
        var (a, b) = await StartPairAsync();
        // Both views disagree: a thinks b owns "fwd-*", b thinks a does. The call goes a -> b -> a and runs on a.
        await a.Grains.GetGrain<IStateGrain>("fwd-1").SetAsync("forwarded");

        Assert.Equal(1, a.Probe.Count("activated:fwd-1"));
        Assert.Equal(0, b.Probe.Count("activated:fwd-1"));
    }

    [Fact]
    public async Task Reminders_are_delivered_through_placement_to_the_owner()
    {
        var (a, b) = await StartPairAsync();
        await b.Grains.GetGrain<IReminderGrain>("remote-r").RegisterAsync("r", TimeSpan.Zero, Timeout.InfiniteTimeSpan);

        await b.Probe.WhenRecorded("reminder:remote-r:r").WithDeadline("the reminder to reach the silo that owns the grain");
        Assert.Equal(0, a.Probe.Count("reminder:remote-r:r"));
    }

    [Fact]
    public async Task A_process_without_a_silo_calls_grains_through_placement_and_the_sender()
    {
        var (_, b) = await StartPairAsync();
        var services = new ServiceCollection();
        services.AddVetrAIGrainCalls();
        services.AddSingleton<IPlacementDirector>(new PrefixPlacement(_b, [""]));
        services.AddSingleton<IRemoteCallSender>(new LoopbackSender(_silos));
        await using var client = services.BuildServiceProvider();
        var grain = client.GetRequiredService<IGrainFactory>().GetGrain<IStateGrain>("from-client");

        await grain.SetAsync("client call");

        Assert.Equal("client call", await b.Grains.GetGrain<IStateGrain>("from-client").GetAsync());
    }

    private async Task<(TestSilo A, TestSilo B)> StartPairAsync(Action<SiloOptions>? configure = null)
    {
        var a = await StartSiloAsync(configure, services => Wire(services, self: _a, other: _b, remotePrefixes: ["remote-", "fwd-"]));
        var b = await StartSiloAsync(configure, services => Wire(services, self: _b, other: _a, remotePrefixes: ["fwd-"]));
        _silos[_a] = a;
        _silos[_b] = b;
        return (a, b);
    }

    private void Wire(IServiceCollection services, SiloAddress self, SiloAddress other, string[] remotePrefixes)
    {
        services.AddSingleton<IPlacementDirector>(new PrefixPlacement(other, remotePrefixes));
        services.AddSingleton<IRemoteCallSender>(new LoopbackSender(_silos));
    }

    private sealed class PrefixPlacement(SiloAddress other, string[] prefixes) : IPlacementDirector
    {
        public SiloAddress? GetOwner(GrainId grainId) =>
            prefixes.Any(p => grainId.Key.StartsWith(p, StringComparison.Ordinal)) ? other : null;
    }

    private sealed class LoopbackSender(Dictionary<SiloAddress, TestSilo> silos) : IRemoteCallSender
    {
        public Task<RemoteCallResponse> SendAsync(SiloAddress silo, RemoteCallRequest request, CancellationToken cancellationToken) =>
            silos[silo].Services.GetRequiredService<IRemoteCallHandler>().HandleAsync(request, cancellationToken);
    }
}
