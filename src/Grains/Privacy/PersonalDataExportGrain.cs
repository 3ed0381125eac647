using Microsoft.Extensions.Logging;
using VetrAI.Grains.Abstractions.Errors;
using VetrAI.Grains.Abstractions.Privacy;
using VetrAI.Grains.ObjectStorage;
using VetrAI.Grains.Scheduling;

namespace VetrAI.Grains.Privacy;

/// <summary>One stored data export. Its reminder, armed for the expiry before the record is written, deletes the
/// archive then; a download after the expiry deletes it at once (the reminder may fire a little late).</summary>
internal sealed partial class PersonalDataExportGrain(
    [PersistentState("personaldataexport")] IPersistentState<PersonalDataExportState> export,
    IObjectStorage storage,
    TimeProvider time,
    ILogger<PersonalDataExportGrain> logger) : Grain, IPersonalDataExportGrain, IRemindable
{
    private const string ExpiryReminder = "expire";
    private const string NotFoundMessage = "Export not found, or it has expired.";

    /// <summary>Orleans keeps reminder due times within about 49 days; longer waits are taken in steps.</summary>
    private static readonly TimeSpan MaxReminderDue = TimeSpan.FromDays(28);

    public async Task RecordAsync(PersonalDataExportRecord record)
    {
        ArgumentNullException.ThrowIfNull(record);
        await ArmExpiryAsync(record.ExpiresAt);
        export.State = new PersonalDataExportState { Record = record };
        await export.WriteStateAsync();
    }

    public async Task<PersonalDataExportRecord> GetForDownloadAsync(string userId)
    {
        if (export.State is not { Record: { } record, Deleted: false }
            || !string.Equals(record.UserId, userId, StringComparison.Ordinal))
        {
            throw new NotFoundException(NotFoundMessage);
        }

        if (record.ExpiresAt <= time.GetUtcNow())
        {
            await DeleteArchiveAsync(record);
            throw new NotFoundException(NotFoundMessage);
        }

        return record;
    }

    public async Task ReceiveReminder(string reminderName, TickStatus status)
    {
        if (export.State is not { Record: { } record, Deleted: false })
        {
            await this.DisarmAsync(reminderName);
            return;
        }

        if (record.ExpiresAt > time.GetUtcNow())
        {
            await ArmExpiryAsync(record.ExpiresAt);
            return;
        }

        await DeleteArchiveAsync(record);
    }

    /// <summary>Deletes the archive, then records that it is gone and drops the reminder. A failure leaves the
    /// reminder to try again.</summary>
    private async Task DeleteArchiveAsync(PersonalDataExportRecord record)
    {
        await storage.DeleteAsync(ObjectKey.Create(record.StorageTenant, record.StoragePath.Split('/')), CancellationToken.None);
        export.State = export.State with { Deleted = true };
        await export.WriteStateAsync();
        await this.DisarmAsync(ExpiryReminder);
        LogExpired(logger, this.GetPrimaryKeyString());
    }

    private Task ArmExpiryAsync(DateTimeOffset expiresAt)
    {
        var due = expiresAt - time.GetUtcNow();
        return this.ArmAsync(ExpiryReminder, due > MaxReminderDue ? MaxReminderDue : due);
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Data export {JobId} expired; its archive was deleted")]
    private static partial void LogExpired(ILogger logger, string jobId);
}

/// <summary>The stored state of a data export: its archive, and whether the archive was deleted.</summary>
internal sealed record PersonalDataExportState
{
    public PersonalDataExportRecord? Record { get; init; }

    public bool Deleted { get; init; }
}
