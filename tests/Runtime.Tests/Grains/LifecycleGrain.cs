namespace VetrAI.Runtime.Tests.Grains;

public interface ILifecycleGrain : IGrainWithStringKey
{
    /// <summary>Which activation answered (a new value per activation).</summary>
    Task<Guid> GetActivationAsync();

    /// <summary>Asks to be deactivated after this call; OnDeactivateAsync then waits for the gate of the grain's key.</summary>
    Task<Guid> LeaveAsync();
}

internal sealed class LifecycleGrain(Probe probe) : Grain, ILifecycleGrain
{
    private readonly Guid _activation = Guid.NewGuid();
    private bool _gated;

    public override Task OnActivateAsync(CancellationToken cancellationToken)
    {
        if (Interlocked.Decrement(ref probe.FailingActivations) >= 0)
        {
            throw new InvalidOperationException("activation refused by the test");
        }

        probe.Record($"activated:{GetPrimaryKeyString()}");
        return Task.CompletedTask;
    }

    public Task<Guid> GetActivationAsync() => Task.FromResult(_activation);

    public Task<Guid> LeaveAsync()
    {
        _gated = true;
        DeactivateOnIdle();
        return Task.FromResult(_activation);
    }

    public override async Task OnDeactivateAsync(DeactivationReason reason, CancellationToken cancellationToken)
    {
        probe.Record($"deactivating:{GetPrimaryKeyString()}:{reason.Code}");
        if (_gated)
        {
            await probe.Gate(GetPrimaryKeyString());
        }

        probe.Record($"deactivated:{GetPrimaryKeyString()}:{reason.Code}");
    }
}
