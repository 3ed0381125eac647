namespace VetrAI.Grains.Scheduling;

/// <summary>Durable deadlines (SLA breaches, job retries and <c>run_at</c>) on Orleans reminders. Orleans reminders
/// are periodic: here the period is only the redelivery interval of a deadline whose handling failed (a silo died
/// during the tick, a write conflicted). Every handler either re-arms the reminder for the next deadline or
/// removes it, so a handled deadline never fires twice on schedule.</summary>
internal static class DeadlineReminders
{
    /// <summary>How long after a failed delivery the deadline is delivered again; Orleans' minimum reminder period.</summary>
    public static readonly TimeSpan RedeliveryPeriod = TimeSpan.FromMinutes(1);

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
