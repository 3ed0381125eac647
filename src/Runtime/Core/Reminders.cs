namespace VetrAI.Runtime;

/// <summary>Implemented by grains that register reminders.</summary>
public interface IRemindable : IGrain
{
    /// <summary>A reminder is due. Delivery is at least once: make the handling idempotent.</summary>
    Task ReceiveReminder(string reminderName, TickStatus status);
}

/// <summary>A registered reminder.</summary>
public interface IGrainReminder
{
    /// <summary>The reminder's name, unique per grain.</summary>
    string ReminderName { get; }
}

/// <summary>What a reminder tick knows about its schedule.</summary>
public readonly record struct TickStatus(DateTimeOffset FirstTickTime, TimeSpan Period, DateTimeOffset CurrentTickTime);
