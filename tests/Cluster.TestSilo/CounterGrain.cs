namespace VetrAI.Cluster.TestSilo;

[GrainType("clustertest.counter")]
internal sealed class CounterGrain(
    [PersistentState("clustertest-counter", "Default")] IPersistentState<CounterState> state,
    ILocalSiloDetails silo) : Grain, ICounterGrain, IRemindable
{
    private const string ReminderName = "add-one";

    // Orleans' smallest reminder period; the reminder never gets there, it unregisters at its first tick.
    private static readonly TimeSpan ReminderPeriod = TimeSpan.FromMinutes(1);

    private long _unsaved;

    public Task<long> AddAsync(long amount) => WriteAsync(state.State.Total + _unsaved + amount, CancellationToken.None);

    public Task<long> AddInMemoryAsync(long amount)
    {
        _unsaved += amount;
        return Task.FromResult(state.State.Total + _unsaved);
    }

    public Task<long> GetAsync() => Task.FromResult(state.State.Total + _unsaved);

    public Task<int> GetSiloPortAsync() => Task.FromResult(silo.SiloAddress.Endpoint.Port);

    public Task RemindOnceAsync(TimeSpan dueTime) => this.RegisterOrUpdateReminder(ReminderName, dueTime, ReminderPeriod);

    public async Task ReceiveReminder(string reminderName, TickStatus status)
    {
        if (reminderName != ReminderName)
        {
            return;
        }

        // Counted first, then unregistered: a crash in between makes it fire again (at least once), never lost.
        await WriteAsync(state.State.Total + 1, CancellationToken.None);
        if (await this.GetReminder(ReminderName) is { } reminder)
        {
            await this.UnregisterReminder(reminder);
        }
    }

    public override async Task OnDeactivateAsync(DeactivationReason reason, CancellationToken cancellationToken)
    {
        if (_unsaved != 0)
        {
            await WriteAsync(state.State.Total + _unsaved, cancellationToken);
        }
    }

    private async Task<long> WriteAsync(long total, CancellationToken cancellationToken)
    {
        var previous = state.State;
        state.State = previous with { Total = total };
        try
        {
            await state.WriteStateAsync(cancellationToken);
        }
        catch
        {
            state.State = previous;
            throw;
        }

        _unsaved = 0;
        return total;
    }
}
