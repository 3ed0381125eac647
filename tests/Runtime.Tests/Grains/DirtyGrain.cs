namespace VetrAI.Runtime.Tests.Grains;

public sealed class DirtyState
{
    public long Total { get; set; }
}

public interface IDirtyGrain : IGrainWithStringKey
{
    /// <summary>Adds in memory only; persisted on deactivation.</summary>
    Task AddAsync(long amount);

    Task<long> GetAsync();
}

internal sealed class DirtyGrain([PersistentState("totals")] IPersistentState<DirtyState> state) : Grain, IDirtyGrain
{
    private long _unsaved;

    public Task AddAsync(long amount)
    {
        _unsaved += amount;
        return Task.CompletedTask;
    }

    public Task<long> GetAsync() => Task.FromResult(state.State.Total + _unsaved);

    public override async Task OnDeactivateAsync(DeactivationReason reason, CancellationToken cancellationToken)
    {
        if (_unsaved != 0)
        {
            state.State.Total += _unsaved;
            await state.WriteStateAsync(cancellationToken);
            _unsaved = 0;
        }
    }
}
