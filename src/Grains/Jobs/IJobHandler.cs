using System.Text.Json;

namespace VetrAI.Grains.Jobs;

/// <summary>A kind of background job. Handlers are registered in the silo (one per <see cref="Type"/>) and
/// run in its worker pool. Delivery is at least once: an attempt may run again after a silo died, so
/// side effects should be keyed on <see cref="JobContext.IdempotencyKey"/> or otherwise safe to repeat.</summary>
public interface IJobHandler
{
    /// <summary>The job type clients name, e.g. <c>webhook</c>.</summary>
    string Type { get; }

    /// <summary>Why the payload is unacceptable, or null when it is fine. Called when a job is created,
    /// so a bad payload is refused before anything is stored.</summary>
    string? ValidatePayload(JsonElement payload);

    /// <summary>Runs one attempt. Throw to fail it (it is retried while attempts remain); honour the token:
    /// it fires on timeout, on cancellation of the job and when the silo stops.</summary>
    /// <returns>The job's result, shown to clients, or null.</returns>
    Task<JsonElement?> ExecuteAsync(JobContext context, CancellationToken cancellationToken);
}

/// <summary>One attempt of a job, as its handler sees it.</summary>
/// <param name="JobId">The job.</param>
/// <param name="OrganizationId">The organization that owns it.</param>
/// <param name="Attempt">The attempt's number, from 1.</param>
/// <param name="Payload">The job's input, already validated.</param>
/// <param name="Progress">Reports progress to the job's record.</param>
public sealed record JobContext(string JobId, string OrganizationId, int Attempt, JsonElement Payload, IJobProgress Progress)
{
    /// <summary>Identifies this attempt: the same job and attempt always give the same key.</summary>
    public string IdempotencyKey => $"{JobId}:{Attempt}";
}

/// <summary>Reports a running attempt's progress.</summary>
public interface IJobProgress
{
    /// <summary>Records progress (0-100) with an optional message. Cheap to skip: handlers report at
    /// meaningful steps, not per item.</summary>
    ValueTask ReportAsync(int percent, string? message, CancellationToken cancellationToken);
}

/// <summary>An attempt failed for a reason worth showing as the job's error.</summary>
public sealed class JobAttemptFailedException : Exception
{
    /// <summary>Creates the exception.</summary>
    public JobAttemptFailedException(string message) : base(message) { }

    /// <summary>Creates the exception.</summary>
    public JobAttemptFailedException(string message, Exception innerException) : base(message, innerException) { }

    /// <summary>Creates the exception.</summary>
    public JobAttemptFailedException() { }
}
