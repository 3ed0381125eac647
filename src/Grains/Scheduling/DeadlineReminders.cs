namespace VetrAI.Grains.Scheduling;

/// <summary>Durable deadlines (SLA breaches, job retries and <c>run_at</c>) on Orleans reminders. Orleans reminders
/// are periodic: here the period is the redelivery interval of a deadline whose handling failed (a silo died
/// during the tick, a write conflicted), and the most a deadline that passed while no silo held its reminder
/// fires late (Orleans does not replay missed ticks; it fires at the next period). Every handler either re-arms
/// the reminder for the next deadline or removes it, so a handled deadline never fires twice on schedule.</summary>
internal static class DeadlineReminders
{
    /// <summary>How long after a failed or missed delivery the deadline is delivered again. Below Orleans' default
    /// minimum reminder period (1 min), which the silo lowers to this (<c>ReminderOptions</c>): the period costs
    /// nothing before the deadline, and a short one bounds how late a deadline missed during an outage fires.</summary>
    public static readonly TimeSpan RedeliveryPeriod = TimeSpan.FromSeconds(10);

    /// <summary>Arms (or moves) the reminder <paramref name="name"/> of <paramref name="grain"/> to fire after <paramref name="due"/>.</summary>
    public static Task ArmAsync(this Grain grain, string name, TimeSpan due) =>
        grain.RegisterOrUpdateReminder(name, due > TimeSpan.FromMilliseconds(1) ? due : TimeSpan.FromMilliseconds(1), RedeliveryPeriod);

    /// <summary>Removes the reminder <paramref name="name"/> of <paramref name="grain"/>, if it exists.</summary>
    public static async Task DisarmAsync(this Grain grain, string name)
    {
        if (await grain.GetReminder(name) is { } reminder)
        {
            await grain.UnregisterReminder(reminder);
        }
    }
}
