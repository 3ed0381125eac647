using VetrAI.Grains.Scheduling;

namespace VetrAI.Grains.Notifications;

/// <summary>The inbox's part of an account erasure.</summary>
internal sealed partial class NotificationInboxGrain
{
    public async Task EraseAsync()
    {
        // Outcomes of a batch still being delivered find no notification to record against.
        _outcomes.Clear();
        await this.DisarmAsync(DeliveryReminder);
        if (inbox.RecordExists)
        {
            await inbox.ClearStateAsync();
        }
    }
}
