using System.Runtime.CompilerServices;

namespace VetrAI.Grains.Scheduling;

/// <summary>Durable deadlines (SLA breaches, job retries and <c>run_at</c>, notification deliveries) on Orleans
/// reminders. Orleans reminders are periodic: here the period is the redelivery interval of a deadline whose
/// handling failed (a silo died during the tick, a write conflicted), and the most a deadline that passed while no
/// silo held its reminder fires late (Orleans does not replay missed ticks; it fires at the next period). Every
/// handler either re-arms the reminder for the next deadline or removes it, and finds what is due by the clock,
/// so a second tick for a deadline already handled (the reminder's own, after the early one below) finds nothing
/// to do.</summary>
internal static class DeadlineReminders
{
    /// <summary>How long after a failed or missed delivery the deadline is delivered again. Below Orleans' default
    /// minimum reminder period (1 min), which the silo lowers to this (<c>ReminderOptions</c>): the period costs
    /// nothing before the deadline, and a short one bounds how late a deadline missed during an outage fires.</summary>
    public static readonly TimeSpan RedeliveryPeriod = TimeSpan.FromSeconds(10);

    private static readonly TimeSpan ShortestDue = TimeSpan.FromMilliseconds(1);

    /// <summary>Each activation's pending early ticks by reminder name. Only the activation's own turns touch its
    /// entry (Orleans runs them one at a time), and the entry goes with the activation.</summary>
    private static readonly ConditionalWeakTable<Grain, Dictionary<string, IGrainTimer>> PromptTicks = new();

    /// <summary>Arms (or moves) the reminder <paramref name="name"/> of <paramref name="grain"/> to fire after
    /// <paramref name="due"/>. Call it from the grain's own turn.</summary>
    /// <remarks>Orleans works out a reminder's first tick when its silo takes the reminder up, after writing it to
    /// the table. A due time shorter than that write has passed by then, and the first tick moves a whole period
    /// on: an email queued "now" went out 10 s later. So a deadline due within one period also gets a one-shot
    /// grain timer that hands the tick to the grain on time; the reminder stays the durable copy.</remarks>
    public static async Task ArmAsync(this Grain grain, string name, TimeSpan due)
    {
        ArgumentNullException.ThrowIfNull(grain);
        if (grain is not IRemindable remindable)
        {
            throw new InvalidOperationException($"{grain.GetType().Name} arms reminders but is not IRemindable.");
        }

        var wait = due > ShortestDue ? due : ShortestDue;
        await grain.RegisterOrUpdateReminder(name, wait, RedeliveryPeriod);
        CancelPromptTick(grain, name);
        if (wait < RedeliveryPeriod)
        {
            var tickAt = DateTime.UtcNow + wait;
            var tick = new PromptTick(grain, remindable, name, new TickStatus(tickAt, RedeliveryPeriod, tickAt));
            // KeepAlive: the activation stays until the tick, so the reminder does not deliver it a period late.
            tick.Timer = grain.RegisterGrainTimer(
                static (tick, _) => tick.FireAsync(), tick, new GrainTimerCreationOptions(wait, Timeout.InfiniteTimeSpan) { KeepAlive = true });
            PromptTicks.GetOrCreateValue(grain)[name] = tick.Timer;
        }
    }

    /// <summary>Removes the reminder <paramref name="name"/> of <paramref name="grain"/>, if it exists.</summary>
    public static async Task DisarmAsync(this Grain grain, string name)
    {
        CancelPromptTick(grain, name);
        if (await grain.GetReminder(name) is { } reminder)
        {
            await grain.UnregisterReminder(reminder);
        }
    }

    private static void CancelPromptTick(Grain grain, string name)
    {
        if (PromptTicks.TryGetValue(grain, out var ticks) && ticks.Remove(name, out var timer))
        {
            timer.Dispose();
        }
    }

    /// <summary>The early tick of a reminder armed with a short due time, delivered by a grain timer.</summary>
    private sealed class PromptTick(Grain grain, IRemindable remindable, string name, TickStatus status)
    {
        public IGrainTimer? Timer { get; set; }

        public Task FireAsync()
        {
            // A tick already queued when its timer was replaced must not cancel the replacement.
            if (!PromptTicks.TryGetValue(grain, out var ticks) || !ticks.TryGetValue(name, out var current) || current != Timer)
            {
                return Task.CompletedTask;
            }

            ticks.Remove(name);
            current.Dispose();
            return remindable.ReceiveReminder(name, status);
        }
    }
}
