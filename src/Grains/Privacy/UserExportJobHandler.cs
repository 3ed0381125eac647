using System.Text.Json;
using Microsoft.Extensions.Options;
using VetrAI.Grains.Abstractions.Audit;
using VetrAI.Grains.Abstractions.Errors;
using VetrAI.Grains.Abstractions.Privacy;
using VetrAI.Grains.Abstractions.Users;
using VetrAI.Grains.Audit;
using VetrAI.Grains.Jobs;
using VetrAI.Grains.ObjectStorage;

namespace VetrAI.Grains.Privacy;

/// <summary>The <c>user_export</c> job: the user's data archive (<see cref="PersonalDataArchive"/>) in object
/// storage, downloadable by that user until it expires. Payload: <c>{"user_id": "..."}</c>; the job must belong to
/// the user's personal tenant (<see cref="PersonalData.PersonalTenant"/>), which only <c>POST /api/v1/me/export</c>
/// gives it, so no job created elsewhere exports someone. The archive is written to a temporary file first
/// (never whole in memory), then uploaded; a repeated attempt overwrites the same object.</summary>
internal sealed class UserExportJobHandler(
    PersonalDataArchive archive,
    IObjectStorage storage,
    IGrainFactory grains,
    IAuditLog auditLog,
    TimeProvider time,
    IOptions<PrivacyOptions> options) : IJobHandler
{
    private const long MaxArchiveBytes = 1L << 30;

    public string Type => PersonalData.ExportJobType;

    public string? ValidatePayload(JsonElement payload)
        => UserIdOf(payload) is null ? $"{PersonalData.ExportUserIdField} is required." : null;

    public async Task<JsonElement?> ExecuteAsync(JobContext context, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(context);
        var userId = UserIdOf(context.Payload)!;
        var tenant = PersonalData.PersonalTenant(userId);
        if (!string.Equals(context.OrganizationId, tenant, StringComparison.Ordinal))
        {
            throw new JobAttemptFailedException("A user's data export is started by that user (POST /api/v1/me/export).");
        }

        var key = ObjectKey.Create(tenant, "exports", $"{context.JobId}.json");
        var file = new FileStream(
            Path.Combine(Path.GetTempPath(), $"vetrai-export-{Guid.NewGuid():N}.json"),
            FileMode.CreateNew, FileAccess.ReadWrite, FileShare.None, bufferSize: 64 * 1024, FileOptions.DeleteOnClose | FileOptions.Asynchronous);
        StoredObjectInfo stored;
        await using (file)
        {
            try
            {
                await archive.WriteAsync(userId, file, cancellationToken);
            }
            catch (NotFoundException)
            {
                throw new JobAttemptFailedException("The user no longer exists.");
            }

            await context.Progress.ReportAsync(50, "archive written", cancellationToken);
            file.Position = 0;
            stored = await storage.UploadAsync(key, file, "application/json", MaxArchiveBytes, cancellationToken);
        }

        // An erasure that ran meanwhile deleted the user's archives before this one was stored: it goes too.
        if (!await grains.GetGrain<IUserGrain>(userId).ExistsAsync())
        {
            await storage.DeleteAsync(key, CancellationToken.None);
            throw new JobAttemptFailedException("The user no longer exists.");
        }

        var expiresAt = time.GetUtcNow() + options.Value.ExportLifetime;
        await grains.GetGrain<IPersonalDataExportGrain>(context.JobId)
            .RecordAsync(new PersonalDataExportRecord(userId, tenant, key.Path, stored.Size, expiresAt));
        await auditLog.WriteAsync(
            new AuditEntry(null, PrivacyAuditActions.DataExported, $"user:{userId}", new ActorContext(userId, null, null),
                new Dictionary<string, string?> { ["job_id"] = context.JobId }),
            cancellationToken);
        await context.Progress.ReportAsync(100, "archive stored", cancellationToken);
        return JsonSerializer.SerializeToElement(
            new UserExportResult($"/api/v1/me/export/{context.JobId}/download", expiresAt, stored.Size), PrivacyJsonContext.Default.UserExportResult);
    }

    private static string? UserIdOf(JsonElement payload)
        => payload.ValueKind == JsonValueKind.Object
            && payload.TryGetProperty(PersonalData.ExportUserIdField, out var value)
            && value.ValueKind == JsonValueKind.String
            && value.GetString() is { Length: > 0 and <= 64 } userId
            && !userId.Contains('/', StringComparison.Ordinal)
            ? userId
            : null;
}

/// <summary>The result of a <c>user_export</c> job, as the job shows it.</summary>
/// <param name="DownloadUrl">Where the user downloads the archive (with their bearer token).</param>
/// <param name="ExpiresAt">When the archive stops being downloadable and is deleted.</param>
/// <param name="Bytes">The archive's size.</param>
internal sealed record UserExportResult(string DownloadUrl, DateTimeOffset ExpiresAt, long Bytes);
