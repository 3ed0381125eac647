
namespace VetrAI.Grains.Abstractions.Tickets;

/// <summary>Who is acting on a ticket. Agents (support_agent, org_admin) see and manage every ticket of
/// their organization; other users only the tickets they opened, without internal comments.</summary>
/// <param name="UserId">The acting user.</param>
/// <param name="OrganizationId">The organization the request was resolved to.</param>
/// <param name="IsAgent">Whether the user acts as support staff of that organization.</param>
[GenerateSerializer, Immutable, Alias("vetrai.TicketActor")]
public sealed record TicketActor(string UserId, string OrganizationId, bool IsAgent);

/// <summary>Opens a ticket.</summary>
/// <param name="Requester">The user opening it; the ticket belongs to the requester's organization.</param>
/// <param name="Subject">1-200 characters.</param>
/// <param name="Description">1-20000 characters.</param>
/// <param name="Priority">Sets the SLA targets.</param>
[GenerateSerializer, Immutable, Alias("vetrai.OpenTicketCommand")]
public sealed record OpenTicketCommand(TicketActor Requester, string Subject, string Description, TicketPriority Priority);

/// <summary>Changes a ticket; null fields stay as they are. An empty <paramref name="AssigneeId"/> unassigns.</summary>
/// <param name="Status">The new status; only allowed transitions pass.</param>
/// <param name="Priority">The new priority (agents only); the SLA due times follow it.</param>
/// <param name="AssigneeId">A support_agent or org_admin of the ticket's organization (agents only).</param>
/// <param name="Subject">The new subject.</param>
[GenerateSerializer, Immutable, Alias("vetrai.UpdateTicketCommand")]
public sealed record UpdateTicketCommand(TicketStatus? Status, TicketPriority? Priority, string? AssigneeId, string? Subject);

/// <summary>Adds a comment.</summary>
/// <param name="Body">1-20000 characters.</param>
/// <param name="Internal">Visible to agents only; only agents may write one.</param>
[GenerateSerializer, Immutable, Alias("vetrai.AddCommentCommand")]
public sealed record AddCommentCommand(string Body, bool Internal);

/// <summary>Records a file already stored in object storage as an attachment of the ticket.</summary>
/// <param name="AttachmentId">The id chosen when the file was stored.</param>
/// <param name="FileName">The sanitized file name.</param>
/// <param name="ContentType">An allowed content type.</param>
/// <param name="Size">Bytes stored.</param>
/// <param name="StoragePath">The object's path below the organization's prefix.</param>
[GenerateSerializer, Immutable, Alias("vetrai.AddAttachmentCommand")]
public sealed record AddAttachmentCommand(string AttachmentId, string FileName, string ContentType, long Size, string StoragePath);

/// <summary>A ticket as its caller may see it.</summary>
[GenerateSerializer, Immutable, Alias("vetrai.TicketView")]
public sealed record TicketView(
    string Id,
    string OrganizationId,
    string RequesterId,
    string Subject,
    string Description,
    TicketPriority Priority,
    TicketStatus Status,
    string? AssigneeId,
    TicketSlaView Sla,
    IReadOnlyList<TicketComment> Comments,
    IReadOnlyList<TicketAttachment> Attachments,
    DateTimeOffset CreatedAt,
    DateTimeOffset UpdatedAt,
    DateTimeOffset? ResolvedAt,
    DateTimeOffset? ClosedAt);

/// <summary>The SLA clocks of a ticket.</summary>
/// <param name="FirstResponseDueAt">When the first agent reply is due.</param>
/// <param name="FirstRespondedAt">When the first agent reply came, if it did.</param>
/// <param name="ResolutionDueAt">When resolution is due; null while the clock is paused (pending).</param>
/// <param name="Breached">Whether any target was missed.</param>
/// <param name="FirstResponseBreachedAt">When the missed first response was detected.</param>
/// <param name="ResolutionBreachedAt">When the missed resolution was detected.</param>
[GenerateSerializer, Immutable, Alias("vetrai.TicketSlaView")]
public sealed record TicketSlaView(
    DateTimeOffset FirstResponseDueAt,
    DateTimeOffset? FirstRespondedAt,
    DateTimeOffset? ResolutionDueAt,
    bool Breached,
    DateTimeOffset? FirstResponseBreachedAt,
    DateTimeOffset? ResolutionBreachedAt);

/// <summary>A comment on a ticket.</summary>
[GenerateSerializer, Immutable, Alias("vetrai.TicketComment")]
public sealed record TicketComment(string Id, string AuthorId, string Body, bool Internal, bool ByAgent, DateTimeOffset CreatedAt);

/// <summary>A file attached to a ticket; its bytes are in object storage at <paramref name="StoragePath"/>
/// below the ticket organization's prefix.</summary>
[GenerateSerializer, Immutable, Alias("vetrai.TicketAttachment")]
public sealed record TicketAttachment(
    string Id, string FileName, string ContentType, long Size, string UploadedBy, DateTimeOffset CreatedAt, string StoragePath);

/// <summary>First-response and resolution targets of one priority, in seconds.</summary>
[GenerateSerializer, Immutable, Alias("vetrai.SlaTarget")]
public sealed record SlaTarget(long FirstResponseSeconds, long ResolutionSeconds);

/// <summary>The SLA targets of an organization, per priority.</summary>
[GenerateSerializer, Immutable, Alias("vetrai.SlaPolicy")]
public sealed record SlaPolicy(SlaTarget Low, SlaTarget Normal, SlaTarget High, SlaTarget Urgent)
{
    /// <summary>The platform's defaults: urgent 1 h / 4 h, high 4 h / 24 h, normal 8 h / 72 h, low 24 h / 168 h.</summary>
    public static SlaPolicy Default { get; } = new(
        Low: new(24 * 3600, 168 * 3600),
        Normal: new(8 * 3600, 72 * 3600),
        High: new(4 * 3600, 24 * 3600),
        Urgent: new(1 * 3600, 4 * 3600));

    /// <summary>The targets of a priority.</summary>
    public SlaTarget For(TicketPriority priority) => priority switch
    {
        TicketPriority.Low => Low,
        TicketPriority.Normal => Normal,
        TicketPriority.High => High,
        TicketPriority.Urgent => Urgent,
        _ => throw new ArgumentOutOfRangeException(nameof(priority)),
    };
}
