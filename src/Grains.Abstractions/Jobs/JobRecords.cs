using System.Text.Json;
using System.Text.Json.Serialization;

namespace VetrAI.Grains.Abstractions.Jobs;

/// <summary>Where a job is: queued (waiting for its time, a worker or a retry), running, or one of the final states.</summary>
[GenerateSerializer, Alias("vetrai.JobStatus")]
[JsonConverter(typeof(JsonStringEnumConverter<JobStatus>))]
public enum JobStatus
{
    /// <summary>Waiting for its run time, a free worker, or its next attempt.</summary>
    [JsonStringEnumMemberName("queued")] Queued,
    /// <summary>An attempt is running.</summary>
    [JsonStringEnumMemberName("running")] Running,
    /// <summary>An attempt succeeded. Final.</summary>
    [JsonStringEnumMemberName("succeeded")] Succeeded,
    /// <summary>The last allowed attempt failed. Final.</summary>
    [JsonStringEnumMemberName("failed")] Failed,
    /// <summary>Cancelled before it could finish. Final.</summary>
    [JsonStringEnumMemberName("cancelled")] Cancelled,
}

/// <summary>How an attempt ended.</summary>
[GenerateSerializer, Alias("vetrai.JobAttemptOutcome")]
[JsonConverter(typeof(JsonStringEnumConverter<JobAttemptOutcome>))]
public enum JobAttemptOutcome
{
    /// <summary>The handler finished.</summary>
    [JsonStringEnumMemberName("succeeded")] Succeeded,
    /// <summary>The handler threw, or reported a failure.</summary>
    [JsonStringEnumMemberName("failed")] Failed,
    /// <summary>The attempt ran longer than the job's timeout and was cancelled.</summary>
    [JsonStringEnumMemberName("timed_out")] TimedOut,
    /// <summary>The job was cancelled while the attempt ran.</summary>
    [JsonStringEnumMemberName("cancelled")] Cancelled,
    /// <summary>The silo running the attempt went away before it reported back.</summary>
    [JsonStringEnumMemberName("lost")] Lost,
}

/// <summary>Creates a job.</summary>
/// <param name="OrganizationId">The owning organization.</param>
/// <param name="CreatedBy">The user (or key) that created it.</param>
/// <param name="Type">A handler type registered in the silo, e.g. <c>webhook</c>.</param>
/// <param name="Payload">The handler's input; refused at creation when the handler finds it invalid.</param>
/// <param name="MaxAttempts">Attempts before the job fails; null for the default.</param>
/// <param name="TimeoutSeconds">Longest one attempt may run; null for the default.</param>
/// <param name="RunAt">Earliest start; null to start now.</param>
/// <param name="Plan">The organization's plan, which bounds how many of its jobs run at once.</param>
[GenerateSerializer, Immutable, Alias("vetrai.CreateJobCommand")]
public sealed record CreateJobCommand(
    string OrganizationId,
    string CreatedBy,
    string Type,
    JsonElement Payload,
    int? MaxAttempts,
    int? TimeoutSeconds,
    DateTimeOffset? RunAt,
    string? Plan);

/// <summary>One attempt of a job.</summary>
[GenerateSerializer, Immutable, Alias("vetrai.JobAttempt")]
public sealed record JobAttempt(int Number, DateTimeOffset StartedAt, DateTimeOffset? FinishedAt, JobAttemptOutcome? Outcome, string? Error);

/// <summary>A job as its organization sees it.</summary>
[GenerateSerializer, Immutable, Alias("vetrai.JobView")]
public sealed record JobView(
    string Id,
    string OrganizationId,
    string Type,
    JobStatus Status,
    JsonElement Payload,
    int Attempts,
    int MaxAttempts,
    int TimeoutSeconds,
    int Progress,
    string? ProgressMessage,
    JsonElement? Result,
    string? Error,
    bool CancelRequested,
    DateTimeOffset? RunAt,
    DateTimeOffset? NextAttemptAt,
    DateTimeOffset CreatedAt,
    DateTimeOffset? StartedAt,
    DateTimeOffset? FinishedAt,
    IReadOnlyList<JobAttempt> AttemptHistory);

/// <summary>What a worker needs to run one attempt.</summary>
/// <param name="JobId">The job.</param>
/// <param name="OrganizationId">The owning organization.</param>
/// <param name="Type">The handler type.</param>
/// <param name="Payload">The handler's input.</param>
/// <param name="Attempt">The attempt's number, from 1.</param>
/// <param name="TimeoutSeconds">The attempt is cancelled after this long.</param>
[GenerateSerializer, Immutable, Alias("vetrai.JobAttemptTicket")]
public sealed record JobAttemptTicket(string JobId, string OrganizationId, string Type, JsonElement Payload, int Attempt, int TimeoutSeconds);

/// <summary>What a worker reports when an attempt ends.</summary>
[GenerateSerializer, Immutable, Alias("vetrai.JobAttemptReport")]
public sealed record JobAttemptReport(JobAttemptOutcome Outcome, JsonElement? Result, string? Error);
