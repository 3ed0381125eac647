namespace VetrAI.Runtime.Tests.Grains;

public sealed class StateGrainState
{
    public string Value { get; set; } = "";

    public int Writes { get; set; }
}

public interface IStateGrain : IGrainWithStringKey
{
    Task SetAsync(string value);

    [ReadOnly]
    Task<string> GetAsync();

    Task ClearAsync();

    Task<string?> GetEtagAsync();
}

internal sealed class StateGrain([PersistentState("main")] IPersistentState<StateGrainState> state, Probe probe) : Grain, IStateGrain
{
    public override Task OnActivateAsync(CancellationToken cancellationToken)
    {
        probe.Record($"activated:{GetPrimaryKeyString()}");
        return Task.CompletedTask;
    }

    public override Task OnDeactivateAsync(DeactivationReason reason, CancellationToken cancellationToken)
    {
        probe.Record($"deactivated:{GetPrimaryKeyString()}:{reason.Code}");
        return Task.CompletedTask;
    }

    public async Task SetAsync(string value)
    {
        state.State.Value = value;
        state.State.Writes++;
        await state.WriteStateAsync();
    }

    public Task<string> GetAsync() => Task.FromResult(state.State.Value);

    public Task ClearAsync() => state.ClearStateAsync();

    public Task<string?> GetEtagAsync() => Task.FromResult(state.Etag);
}

public sealed class TicketState : IIndexedState
{
    public string OrgId { get; set; } = "";

    public string Status { get; set; } = "open";

    public DateTimeOffset CreatedAt { get; set; }

    public StateIndex GetIndex() => new(OrgId, Status, CreatedAt);
}

public interface IIndexedGrain : IGrainWithStringKey
{
    Task CreateAsync(string orgId, DateTimeOffset createdAt);

    Task CloseAsync();
}

internal sealed class IndexedGrain([PersistentState("ticket")] IPersistentState<TicketState> ticket) : Grain, IIndexedGrain
{
    public Task CreateAsync(string orgId, DateTimeOffset createdAt)
    {
        ticket.State = new TicketState { OrgId = orgId, CreatedAt = createdAt };
        return ticket.WriteStateAsync();
    }

    public Task CloseAsync()
    {
        ticket.State.Status = "closed";
        return ticket.WriteStateAsync();
    }
}
