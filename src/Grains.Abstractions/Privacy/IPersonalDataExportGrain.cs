namespace VetrAI.Grains.Abstractions.Privacy;

/// <summary>One stored data export (key: the id of the job that built it): whose it is, where its archive is and
/// until when it may be downloaded. A durable reminder deletes the archive when that time comes.</summary>
[Alias("personaldataexport")]
public interface IPersonalDataExportGrain : IGrainWithStringKey
{
    /// <summary>Records the archive a job attempt stored and arms its deletion. A repeated attempt replaces the record.</summary>
    Task RecordAsync(PersonalDataExportRecord record);

    /// <summary>Where the archive is, for <paramref name="userId"/> only.</summary>
    /// <exception cref="Errors.NotFoundException">No such export, another user's, or expired (its archive is then deleted).</exception>
    Task<PersonalDataExportRecord> GetForDownloadAsync(string userId);
}

/// <summary>A stored export archive.</summary>
/// <param name="UserId">The user it is about, the only one who may download it.</param>
/// <param name="StorageTenant">The owner segment of its object key (<see cref="PersonalData.PersonalTenant"/>).</param>
/// <param name="StoragePath">Its path below that owner's prefix.</param>
/// <param name="Bytes">Its size.</param>
/// <param name="ExpiresAt">When it stops being downloadable and is deleted.</param>
[GenerateSerializer, Immutable, Alias("vetrai.PersonalDataExportRecord")]
public sealed record PersonalDataExportRecord(string UserId, string StorageTenant, string StoragePath, long Bytes, DateTimeOffset ExpiresAt);
