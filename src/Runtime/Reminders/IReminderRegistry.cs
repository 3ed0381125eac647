namespace VetrAI.Runtime;

/// <summary>The durable reminder table, as the grain base class sees it.</summary>
internal interface IReminderRegistry
{
    Task<IGrainReminder> RegisterOrUpdateAsync(GrainId grainId, string reminderName, TimeSpan dueTime, TimeSpan period);

    Task UnregisterAsync(GrainId grainId, string reminderName);

    Task<IGrainReminder?> GetAsync(GrainId grainId, string reminderName);
}
