using VetrAI.Grains.Scheduling;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using VetrAI.Grains.Abstractions.Errors;
using VetrAI.Grains.Abstractions.Jobs;

namespace VetrAI.Grains.Jobs;

/// <summary>Keeps a job's record and drives it. One durable reminder (see DeadlineReminders), re-armed on every change,
/// is always pending while the job is not final: at run_at, at the next retry, or (while a worker pool
/// holds the job) at the end of the pool's lease. A reminder that finds the job held by no pool here
/// means the holder died: the job is driven again.</summary>
internal sealed partial class JobGrain(
    [PersistentState(JobGrain.StateName)] IPersistentState<JobState> job,
    JobHandlerRegistry handlers,
    IJobDispatcher dispatcher,
    IOptions<JobOptions> options,
    TimeProvider time,
    Notifications.INotifier notifier,
    ILogger<JobGrain> logger) : Grain, IJobGrain, IRemindable
{
    /// <summary>The storage name of this grain's state; the read models list rows by it.</summary>
    public const string StateName = "job";

    private const string DriveReminder = "drive";

    /// <summary>A reminder may be timed by another silo's clock than the grain's: this much early is on time.</summary>
    private static readonly TimeSpan ClockTolerance = TimeSpan.FromMilliseconds(50);

    private readonly JobOptions _options = options.Value;

    public async Task<JobView> CreateAsync(CreateJobCommand command)
    {
        if (job.State.Exists)
        {
            throw new ConflictException($"Job '{this.GetPrimaryKeyString()}' already exists.");
        }

        handlers.Validate(command.Type, command.Payload);
        var maxAttempts = command.MaxAttempts ?? _options.DefaultMaxAttempts;
        if (maxAttempts < 1 || maxAttempts > _options.MaxAttemptsLimit)
        {
            throw new InvalidInputException($"max_attempts must be between 1 and {_options.MaxAttemptsLimit}.");
        }

        var timeoutSeconds = command.TimeoutSeconds ?? (int)Math.Ceiling(_options.DefaultTimeout.TotalSeconds);
        if (timeoutSeconds < 1 || timeoutSeconds > _options.MaxTimeout.TotalSeconds)
        {
            throw new InvalidInputException($"timeout_seconds must be between 1 and {(int)_options.MaxTimeout.TotalSeconds}.");
        }

        var now = time.GetUtcNow();
        if (command.RunAt > now + _options.MaxScheduleAhead)
        {
            throw new InvalidInputException($"run_at must be at most {(int)_options.MaxScheduleAhead.TotalDays} days ahead.");
        }

        var startAt = command.RunAt is { } runAt && runAt > now ? runAt : now;
        var state = new JobState
        {
            Id = this.GetPrimaryKeyString(),
            OrganizationId = command.OrganizationId,
            CreatedBy = command.CreatedBy,
            Type = command.Type,
            Payload = command.Payload.Clone(),
            Status = JobStatus.Queued,
            MaxAttempts = maxAttempts,
            TimeoutSeconds = timeoutSeconds,
            OrganizationConcurrency = _options.ConcurrencyFor(command.Plan),
            RunAt = command.RunAt,
            NextAttemptAt = startAt,
            CreatedAt = now,
        };

        // Armed before the write: a stored job always has a reminder to drive it.
        var startsNow = startAt <= now;
        await ArmAsync(startsNow ? _options.LeaseDuration : startAt - now);
        job.State = state;
        await job.WriteStateAsync();
        if (startsNow)
        {
            dispatcher.Dispatch(state.Id, state.OrganizationId, state.OrganizationConcurrency);
        }

        return state.ToView();
    }

    public Task<JobView> GetAsync(string organizationId) => Task.FromResult(Visible(organizationId).ToView());

    public async Task<JobView> CancelAsync(string organizationId)
    {
        var state = Visible(organizationId);
        switch (state.Status)
        {
            case JobStatus.Cancelled:
                return state.ToView();
            case JobStatus.Succeeded or JobStatus.Failed:
                throw new ConflictException($"The job already {JobNames.Of(state.Status)}; only queued or running jobs can be cancelled.");
            case JobStatus.Queued:
                job.State = state with { Status = JobStatus.Cancelled, CancelRequested = true, FinishedAt = time.GetUtcNow(), NextAttemptAt = null };
                await job.WriteStateAsync();
                dispatcher.RequestCancel(state.Id);
                await DisarmAsync();
                break;
            default:
                if (!state.CancelRequested)
                {
                    job.State = state with { CancelRequested = true };
                    await job.WriteStateAsync();
                }

                dispatcher.RequestCancel(state.Id);
                break;
        }

        return job.State.ToView();
    }

    public async Task<JobAttemptTicket?> BeginAttemptAsync()
    {
        var state = job.State;
        var now = time.GetUtcNow();
        if (!state.Exists || state.Status != JobStatus.Queued || state.CancelRequested || state.NextAttemptAt > now + ClockTolerance)
        {
            return null;
        }

        var attempt = state.Attempts + 1;
        await ArmAsync(_options.LeaseDuration);
        job.State = state with
        {
            Status = JobStatus.Running,
            Attempts = attempt,
            StartedAt = state.StartedAt ?? now,
            NextAttemptAt = null,
            Progress = 0,
            ProgressMessage = null,
            AttemptHistory = [.. state.AttemptHistory, new JobAttempt(attempt, now, null, null, null)],
        };
        await job.WriteStateAsync();
        return new JobAttemptTicket(state.Id, state.OrganizationId, state.Type, state.Payload, attempt, state.TimeoutSeconds);
    }

    public async Task<bool> RenewLeaseAsync(int attempt)
    {
        if (!Holdable(attempt))
        {
            return false;
        }

        await ArmAsync(_options.LeaseDuration);
        return true;
    }

    public async Task<bool> ReportProgressAsync(int attempt, int percent, string? message)
    {
        var state = job.State;
        if (!Holdable(attempt) || attempt == 0)
        {
            return false;
        }

        job.State = state with
        {
            Progress = Math.Clamp(percent, 0, 100),
            ProgressMessage = message is { Length: > 500 } ? message[..500] : message,
        };
        await job.WriteStateAsync();
        return true;
    }

    public async Task CompleteAttemptAsync(int attempt, JobAttemptReport report)
    {
        var state = job.State;
        if (!state.Exists || state.Status != JobStatus.Running || state.Attempts != attempt)
        {
            LogStaleReport(logger, this.GetPrimaryKeyString(), attempt);
            return;
        }

        var now = time.GetUtcNow();
        state = state.EndAttempt(report.Outcome, report.Error, now);
        state = report.Outcome switch
        {
            JobAttemptOutcome.Succeeded => state with { Status = JobStatus.Succeeded, Result = report.Result, Error = null, Progress = 100, FinishedAt = now },
            JobAttemptOutcome.Cancelled => state with { Status = JobStatus.Cancelled, Error = report.Error, FinishedAt = now },
            _ => AfterFailure(state, report.Error, now, JobBackoff.Delay(attempt, _options.BackoffBase, _options.BackoffMax, Random.Shared)),
        };
        await SaveAsync(state, now);
    }

    public async Task ReceiveReminder(string reminderName, TickStatus status)
    {
        var state = job.State;
        if (reminderName != DriveReminder)
        {
            return;
        }

        if (!state.Exists || state.IsFinal)
        {
            // A final write whose reminder removal did not happen (the silo died in between).
            await DisarmAsync();
            return;
        }

        if (dispatcher.Holds(state.Id))
        {
            await ArmAsync(_options.LeaseDuration);
            return;
        }

        var now = time.GetUtcNow();
        if (state.Status == JobStatus.Running)
        {
            // No pool here holds the attempt and its lease lapsed: its silo died (or the job moved here).
            LogAttemptLost(logger, state.Id, state.Attempts);
            const string lost = "The attempt was interrupted: the silo running it stopped before it reported back.";
            await SaveAsync(AfterFailure(state.EndAttempt(JobAttemptOutcome.Lost, lost, now), lost, now, TimeSpan.Zero), now);
            return;
        }

        if (state.NextAttemptAt is { } next && next > now + ClockTolerance)
        {
            await ArmAsync(next - now);
            return;
        }

        await ArmAsync(_options.LeaseDuration);
        dispatcher.Dispatch(state.Id, state.OrganizationId, state.OrganizationConcurrency);
    }

    private JobState AfterFailure(JobState state, string? error, DateTimeOffset now, TimeSpan retryDelay)
    {
        if (state.CancelRequested)
        {
            return state with { Status = JobStatus.Cancelled, Error = error, FinishedAt = now };
        }

        return state.Attempts < state.MaxAttempts
            ? state with { Status = JobStatus.Queued, Error = error, NextAttemptAt = now + retryDelay }
            : state with { Status = JobStatus.Failed, Error = error, FinishedAt = now };
    }

    /// <summary>Stores the state after an attempt ended and sets up what comes next: a retry is armed before
    /// the write (and dispatched at once when due), a final state drops the reminder after it.</summary>
    private async Task SaveAsync(JobState state, DateTimeOffset now)
    {
        if (state.IsFinal)
        {
            job.State = state;
            await job.WriteStateAsync();
            await DisarmAsync();
            if (state.Status == JobStatus.Failed)
            {
                await notifier.NotifyUserAsync(state.CreatedBy, state.OrganizationId, "job.failed", new Dictionary<string, string>(StringComparer.Ordinal)
                {
                    ["job_id"] = state.Id,
                    ["job_type"] = state.Type,
                    ["attempts"] = state.Attempts.ToString(System.Globalization.CultureInfo.InvariantCulture),
                    ["error"] = state.Error ?? "unknown error",
                });
            }

            return;
        }

        var delay = state.NextAttemptAt is { } next ? next - now : TimeSpan.Zero;
        var dueNow = delay <= ClockTolerance;
        await ArmAsync(dueNow ? _options.LeaseDuration : delay);
        job.State = state;
        await job.WriteStateAsync();
        if (dueNow)
        {
            dispatcher.Dispatch(state.Id, state.OrganizationId, state.OrganizationConcurrency);
        }
    }

    /// <summary>Whether a pool may keep holding the job: attempt 0 is a pool still waiting for its attempt.</summary>
    private bool Holdable(int attempt)
    {
        var state = job.State;
        return state.Exists
            && !state.IsFinal
            && !state.CancelRequested
            && (attempt == 0 || (state.Status == JobStatus.Running && state.Attempts == attempt));
    }

    private JobState Visible(string organizationId) =>
        job.State.Exists && job.State.OrganizationId == organizationId
            ? job.State
            : throw new NotFoundException($"Job '{this.GetPrimaryKeyString()}' was not found.");

    private Task ArmAsync(TimeSpan due) => this.ArmAsync(DriveReminder, due);

    private Task DisarmAsync() => this.DisarmAsync(DriveReminder);

    [LoggerMessage(Level = LogLevel.Debug, Message = "Job {JobId}: ignored the report of stale attempt {Attempt}")]
    private static partial void LogStaleReport(ILogger logger, string jobId, int attempt);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Job {JobId}: attempt {Attempt} was lost with its silo; driving the job again")]
    private static partial void LogAttemptLost(ILogger logger, string jobId, int attempt);
}
