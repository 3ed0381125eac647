using VetrAI.Grains.ReadModels;
using System.Text.Json;
using System.Text.Json.Serialization;
using VetrAI.Grains.Abstractions.Jobs;

namespace VetrAI.Grains.Jobs;

// Property names are pinned: list queries read the stored JSON.
internal sealed record JobState : IIndexedState
{
    internal static readonly JsonElement EmptyObject = JsonDocument.Parse("{}").RootElement.Clone();

    [JsonPropertyName("id")] public string Id { get; init; } = "";
    [JsonPropertyName("organization_id")] public string OrganizationId { get; init; } = "";
    [JsonPropertyName("created_by")] public string CreatedBy { get; init; } = "";
    [JsonPropertyName("type")] public string Type { get; init; } = "";
    [JsonPropertyName("payload")] public JsonElement Payload { get; init; } = EmptyObject;
    [JsonPropertyName("status")] public JobStatus Status { get; init; } = JobStatus.Queued;
    [JsonPropertyName("max_attempts")] public int MaxAttempts { get; init; }
    [JsonPropertyName("timeout_seconds")] public int TimeoutSeconds { get; init; }
    [JsonPropertyName("organization_concurrency")] public int OrganizationConcurrency { get; init; }
    [JsonPropertyName("run_at")] public DateTimeOffset? RunAt { get; init; }
    [JsonPropertyName("next_attempt_at")] public DateTimeOffset? NextAttemptAt { get; init; }
    [JsonPropertyName("attempts")] public int Attempts { get; init; }
    [JsonPropertyName("attempt_history")] public IReadOnlyList<JobAttempt> AttemptHistory { get; init; } = [];
    [JsonPropertyName("progress")] public int Progress { get; init; }
    [JsonPropertyName("progress_message")] public string? ProgressMessage { get; init; }
    [JsonPropertyName("result")] public JsonElement? Result { get; init; }
    [JsonPropertyName("error")] public string? Error { get; init; }
    [JsonPropertyName("cancel_requested")] public bool CancelRequested { get; init; }
    [JsonPropertyName("created_at")] public DateTimeOffset CreatedAt { get; init; }
    [JsonPropertyName("started_at")] public DateTimeOffset? StartedAt { get; init; }
    [JsonPropertyName("finished_at")] public DateTimeOffset? FinishedAt { get; init; }

    [JsonIgnore] public bool Exists => Id.Length > 0;

    [JsonIgnore] public bool IsFinal => Status is JobStatus.Succeeded or JobStatus.Failed or JobStatus.Cancelled;

    [JsonPropertyName("index")]
    public StateIndex Index => new(Id, OrganizationId, JobNames.Of(Status), CreatedAt);

    public JobView ToView() => new(
        Id, OrganizationId, Type, Status, Payload, Attempts, MaxAttempts, TimeoutSeconds, Progress, ProgressMessage, Result, Error,
        CancelRequested, RunAt, NextAttemptAt, CreatedAt, StartedAt, FinishedAt, AttemptHistory);

    /// <summary>Closes the running attempt's entry in the history.</summary>
    public JobState EndAttempt(JobAttemptOutcome outcome, string? error, DateTimeOffset now) => this with
    {
        AttemptHistory = [.. AttemptHistory.Select(a => a.Number == Attempts && a.FinishedAt is null ? a with { FinishedAt = now, Outcome = outcome, Error = error } : a)],
    };
}

internal static class JobNames
{
    public static string Of(JobStatus status) => status switch
    {
        JobStatus.Queued => "queued",
        JobStatus.Running => "running",
        JobStatus.Succeeded => "succeeded",
        JobStatus.Failed => "failed",
        JobStatus.Cancelled => "cancelled",
        _ => throw new ArgumentOutOfRangeException(nameof(status)),
    };
}
