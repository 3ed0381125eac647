using Microsoft.Extensions.DependencyInjection;
using VetrAI.Runtime.Activation;
using VetrAI.Runtime.Tests.Grains;

namespace VetrAI.Runtime.Tests;

public sealed class LifecycleTests : SiloTestBase
{
    [Fact]
    public async Task A_call_racing_a_deactivation_waits_and_goes_to_a_fresh_activation()
    {
        var silo = await StartSiloAsync();
        var grain = silo.Grains.GetGrain<ILifecycleGrain>("race");
        var first = await grain.LeaveAsync();
        await silo.Probe.WhenRecorded("deactivating:race:ApplicationRequested").WithDeadline("DeactivateOnIdle to start the deactivation");

        // Issued while OnDeactivateAsync is held at the gate: it must neither run on the old activation
        // (it would answer the old activation's id) nor start a second activation of the grain alongside it.
        var racing = grain.GetActivationAsync();
        Assert.False(racing.IsCompleted, "a call must not run on an activation that is deactivating");
        Assert.Equal(1, silo.Probe.Count("activated:race"));

        silo.Probe.Open("race");
        var second = await racing.WithDeadline("the racing call to run on a new activation");
        Assert.NotEqual(first, second);
        Assert.Equal(1, silo.Probe.Count("deactivated:race:ApplicationRequested"));
        Assert.Equal(2, silo.Probe.Count("activated:race"));
    }

    [Fact]
    public async Task A_failed_activation_fails_the_call_and_the_next_call_activates_again()
    {
        var silo = await StartSiloAsync();
        silo.Probe.FailingActivations = 1;
        var grain = silo.Grains.GetGrain<ILifecycleGrain>("flaky");

        var failure = await Assert.ThrowsAsync<InvalidOperationException>(() => grain.GetActivationAsync());
        Assert.Equal("activation refused by the test", failure.Message);

        await grain.GetActivationAsync();
        Assert.Equal(1, silo.Probe.Count("activated:flaky"));
    }

    [Fact]
    public async Task Deactivating_by_predicate_runs_OnDeactivateAsync_with_the_reason()
    {
        var silo = await StartSiloAsync();
        await silo.Grains.GetGrain<ILifecycleGrain>("keep").GetActivationAsync();
        await silo.Grains.GetGrain<ILifecycleGrain>("move").GetActivationAsync();
        var catalog = silo.Services.GetRequiredService<IActivationCatalog>();
        Assert.Equal(2, catalog.Count);

        await catalog.DeactivateWhereAsync(id => id.Key == "move",
            new DeactivationReason(DeactivationReasonCode.OwnershipChanged, "test"), CancellationToken.None);

        Assert.Equal(1, silo.Probe.Count("deactivated:move:OwnershipChanged"));
        Assert.Equal(0, silo.Probe.Count("deactivated:keep:OwnershipChanged"));
        Assert.Equal(1, catalog.Count);
    }

    [Fact]
    public async Task A_stopped_silo_refuses_new_activations_with_a_clear_error()
    {
        var silo = await StartSiloAsync();
        var grains = silo.Grains;
        await silo.StopAsync();

        var refused = await Assert.ThrowsAsync<SiloUnavailableException>(() => grains.GetGrain<ILifecycleGrain>("late").GetActivationAsync());
        Assert.Contains("shutting down", refused.Message, StringComparison.Ordinal);
    }
}
