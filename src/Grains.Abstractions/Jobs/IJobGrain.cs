
namespace VetrAI.Grains.Abstractions.Jobs;

/// <summary>A background job (key: job id). The grain keeps the job's record and drives it with durable
/// reminders (start at run_at, retries with backoff, re-driving an attempt whose silo died); the
/// attempts themselves run in the silo's worker pool, never in the grain's turn.</summary>
[Alias("job")]
public interface IJobGrain : IGrainWithStringKey
{
    /// <summary>Creates the job (once; the key must be new). Unknown types and invalid payloads are refused
    /// with <c>InvalidInputException</c> and nothing is stored.</summary>
    Task<JobView> CreateAsync(CreateJobCommand command);

    /// <summary>The job, when it belongs to <paramref name="organizationId"/>; otherwise <c>NotFoundException</c>.</summary>
    [ReadOnly]
    Task<JobView> GetAsync(string organizationId);

    /// <summary>Cancels the job: a queued job never starts, a running one is asked to stop and ends cancelled.
    /// Cancelling a cancelled job changes nothing; a job that already ended otherwise is a conflict.</summary>
    Task<JobView> CancelAsync(string organizationId);

    /// <summary>Worker pool: starts the next attempt, or answers null when the job must not run now
    /// (cancelled, already running or finished).</summary>
    Task<JobAttemptTicket?> BeginAttemptAsync();

    /// <summary>Worker pool: the job is still held (attempt 0 while waiting for a worker). Answers false when
    /// the holder must let go of it (cancelled, finished, or the attempt is stale).</summary>
    Task<bool> RenewLeaseAsync(int attempt);

    /// <summary>Worker pool: progress of a running attempt, 0-100. Answers false when the attempt should stop.</summary>
    Task<bool> ReportProgressAsync(int attempt, int percent, string? message);

    /// <summary>Worker pool: an attempt ended. Reports of stale attempts are ignored.</summary>
    Task CompleteAttemptAsync(int attempt, JobAttemptReport report);
}
