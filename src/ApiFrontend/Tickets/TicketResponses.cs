using VetrAI.Grains.Abstractions.Tickets;

namespace VetrAI.ApiFrontend.Tickets;

/// <summary>A ticket on the wire. Lists leave out comments and attachments (null).</summary>
public sealed record TicketResponse(
    string Id,
    string OrganizationId,
    string RequesterId,
    string Subject,
    string Description,
    string Priority,
    string Status,
    string? AssigneeId,
    TicketSlaView Sla,
    IReadOnlyList<TicketComment>? Comments,
    IReadOnlyList<AttachmentResponse>? Attachments,
    DateTimeOffset CreatedAt,
    DateTimeOffset UpdatedAt,
    DateTimeOffset? ResolvedAt,
    DateTimeOffset? ClosedAt)
{
    public static TicketResponse From(TicketView ticket, bool withDetails = true)
    {
        ArgumentNullException.ThrowIfNull(ticket);
        return new TicketResponse(
            ticket.Id,
            ticket.OrganizationId,
            ticket.RequesterId,
            ticket.Subject,
            ticket.Description,
            TicketNames.Of(ticket.Priority),
            TicketNames.Of(ticket.Status),
            ticket.AssigneeId,
            ticket.Sla,
            withDetails ? ticket.Comments : null,
            withDetails ? [.. ticket.Attachments.Select(a => AttachmentResponse.From(ticket.Id, a))] : null,
            ticket.CreatedAt,
            ticket.UpdatedAt,
            ticket.ResolvedAt,
            ticket.ClosedAt);
    }
}

/// <summary>An attachment on the wire; <c>download_url</c> streams it to callers who may see the ticket.</summary>
public sealed record AttachmentResponse(string Id, string Filename, string ContentType, long Size, string DownloadUrl, string UploadedBy, DateTimeOffset CreatedAt)
{
    public static AttachmentResponse From(string ticketId, TicketAttachment attachment)
    {
        ArgumentNullException.ThrowIfNull(attachment);
        return new AttachmentResponse(
            attachment.Id,
            attachment.FileName,
            attachment.ContentType,
            attachment.Size,
            $"/api/v1/tickets/{ticketId}/attachments/{attachment.Id}",
            attachment.UploadedBy,
            attachment.CreatedAt);
    }
}
