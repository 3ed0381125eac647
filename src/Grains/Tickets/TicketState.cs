using VetrAI.Grains.ReadModels;
using System.Text.Json.Serialization;
using VetrAI.Grains.Abstractions.Tickets;

namespace VetrAI.Grains.Tickets;

// Property names are pinned: the list queries read some of them straight from the stored JSON.
internal sealed record TicketState : IIndexedState
{
    [JsonPropertyName("id")] public string Id { get; init; } = "";
    [JsonPropertyName("organization_id")] public string OrganizationId { get; init; } = "";
    [JsonPropertyName("requester_id")] public string RequesterId { get; init; } = "";
    [JsonPropertyName("subject")] public string Subject { get; init; } = "";
    [JsonPropertyName("description")] public string Description { get; init; } = "";
    [JsonPropertyName("priority")] public TicketPriority Priority { get; init; } = TicketPriority.Normal;
    [JsonPropertyName("status")] public TicketStatus Status { get; init; } = TicketStatus.Open;
    [JsonPropertyName("assignee_id")] public string? AssigneeId { get; init; }
    [JsonPropertyName("sla")] public SlaState Sla { get; init; } = new();
    [JsonPropertyName("comments")] public IReadOnlyList<TicketComment> Comments { get; init; } = [];
    [JsonPropertyName("attachments")] public IReadOnlyList<TicketAttachment> Attachments { get; init; } = [];
    [JsonPropertyName("created_at")] public DateTimeOffset CreatedAt { get; init; }
    [JsonPropertyName("updated_at")] public DateTimeOffset UpdatedAt { get; init; }
    [JsonPropertyName("resolved_at")] public DateTimeOffset? ResolvedAt { get; init; }
    [JsonPropertyName("closed_at")] public DateTimeOffset? ClosedAt { get; init; }

    /// <summary>The due time the SLA reminder is armed for, so unchanged deadlines cost no reminder write.</summary>
    [JsonPropertyName("sla_reminder_at")] public DateTimeOffset? SlaReminderAt { get; init; }

    [JsonIgnore] public bool Exists => Id.Length > 0;

    [JsonPropertyName("index")]
    public StateIndex Index => new(Id, OrganizationId, TicketNames.Of(Status), CreatedAt);
}

internal sealed record SlaState
{
    [JsonPropertyName("first_response_due_at")] public DateTimeOffset FirstResponseDueAt { get; init; }
    [JsonPropertyName("first_responded_at")] public DateTimeOffset? FirstRespondedAt { get; init; }
    [JsonPropertyName("first_response_breached_at")] public DateTimeOffset? FirstResponseBreachedAt { get; init; }
    [JsonPropertyName("resolution_target_seconds")] public long ResolutionTargetSeconds { get; init; }
    [JsonPropertyName("paused_ticks")] public long PausedTicks { get; init; }
    [JsonPropertyName("paused_since")] public DateTimeOffset? PausedSince { get; init; }
    [JsonPropertyName("resolution_breached_at")] public DateTimeOffset? ResolutionBreachedAt { get; init; }
}
