namespace VetrAI.Runtime;

/// <summary>Base class of every grain implementation. The runtime creates one activation per grain
/// (per silo at most, and in a stable cluster per cluster), runs its calls one turn at a time, and
/// deactivates it when idle or when the silo stops.</summary>
public abstract class Grain
{
    private readonly IGrainContext _context;

    /// <summary>Grains are only constructed by the runtime, which supplies the context.</summary>
    protected Grain()
    {
        _context = GrainContextScope.Current
            ?? throw new InvalidOperationException("Grains are created by the runtime; do not construct them with new.");
    }

    /// <summary>This grain's identity.</summary>
    public GrainId GrainId => _context.GrainId;

    /// <summary>Creates references to other grains (and to this one).</summary>
    protected IGrainFactory GrainFactory => _context.GrainFactory;

    /// <summary>The string key of this grain.</summary>
    public string GetPrimaryKeyString() => _context.GrainId.Key;

    /// <summary>The Guid key of this grain.</summary>
    public Guid GetPrimaryKey() => Guid.ParseExact(_context.GrainId.Key, "N");

    /// <summary>Runs after the grain's persistent states were read, before its first call.
    /// An exception fails the activation and the call that caused it.</summary>
    public virtual Task OnActivateAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    /// <summary>Runs once before the activation is dropped: on idle collection, on
    /// <see cref="DeactivateOnIdle"/>, when the silo shuts down or the grain moves to another silo.
    /// Flush state kept only in memory here.</summary>
    public virtual Task OnDeactivateAsync(DeactivationReason reason, CancellationToken cancellationToken) => Task.CompletedTask;

    /// <summary>Deactivates this activation as soon as the current call ends.</summary>
    protected void DeactivateOnIdle() => _context.DeactivateOnIdle();

    /// <summary>Registers a timer whose callback runs as a turn of this activation (never interleaved
    /// with calls unless the grain is reentrant). Timers die with the activation; use reminders for
    /// anything that must survive it. <paramref name="period"/> of <see cref="Timeout.InfiniteTimeSpan"/> fires once.</summary>
    protected IDisposable RegisterGrainTimer(Func<CancellationToken, Task> callback, TimeSpan dueTime, TimeSpan period)
        => _context.RegisterTimer(callback, dueTime, period);

    /// <summary>Registers or replaces a durable reminder, delivered to <see cref="IRemindable.ReceiveReminder"/>
    /// at least once, on whichever silo owns the grain then, even after every silo restarted.
    /// <paramref name="period"/> of <see cref="Timeout.InfiniteTimeSpan"/> makes a one-shot reminder,
    /// removed once delivered.</summary>
    protected Task<IGrainReminder> RegisterOrUpdateReminder(string reminderName, TimeSpan dueTime, TimeSpan period)
        => _context.Reminders.RegisterOrUpdateAsync(_context.GrainId, reminderName, dueTime, period);

    /// <summary>Removes a reminder; it is not delivered again.</summary>
    protected Task UnregisterReminder(IGrainReminder reminder)
        => _context.Reminders.UnregisterAsync(_context.GrainId, reminder.ReminderName);

    /// <summary>The reminder of that name, or null.</summary>
    protected Task<IGrainReminder?> GetReminder(string reminderName)
        => _context.Reminders.GetAsync(_context.GrainId, reminderName);
}
