
namespace VetrAI.Grains.Abstractions.Tickets;

/// <summary>A support ticket (key: ticket id): its workflow, comments, attachments' metadata, assignment
/// and SLA clocks. Every method takes the acting caller and answers <c>NotFoundException</c> when the
/// caller may not see the ticket, whether or not it exists.</summary>
[Alias("ticket")]
public interface ITicketGrain : IGrainWithStringKey
{
    /// <summary>Opens the ticket (once; the key must be new) and starts its SLA clocks.</summary>
    Task<TicketView> OpenAsync(OpenTicketCommand command);

    /// <summary>The ticket, with the comments the caller may see.</summary>
    [ReadOnly]
    Task<TicketView> GetAsync(TicketActor actor);

    /// <summary>Changes status, priority, assignee or subject, enforcing the workflow
    /// (open -> pending -> resolved -> closed, reopen from resolved, closed is final).</summary>
    Task<TicketView> UpdateAsync(TicketActor actor, UpdateTicketCommand command);

    /// <summary>Adds a comment; the first public agent reply stops the first-response clock.</summary>
    Task<TicketComment> AddCommentAsync(TicketActor actor, AddCommentCommand command);

    /// <summary>Fails unless the caller may attach a file now (sees the ticket, and it is not closed).
    /// Called before the upload so no bytes are stored for a ticket that would refuse them.</summary>
    [ReadOnly]
    Task EnsureCanAttachAsync(TicketActor actor);

    /// <summary>Records an uploaded file as an attachment.</summary>
    Task<TicketAttachment> AddAttachmentAsync(TicketActor actor, AddAttachmentCommand command);

    /// <summary>One attachment's metadata, for a caller who may see the ticket.</summary>
    [ReadOnly]
    Task<TicketAttachment> GetAttachmentAsync(TicketActor actor, string attachmentId);

    /// <summary>An erased user leaves the ticket to its organization: wherever the ticket names
    /// <paramref name="userId"/> (requester, assignee, comment author, attachment uploader) it names
    /// <paramref name="anonymousId"/> instead. Idempotent; answers whether anything changed.</summary>
    Task<bool> ReplaceUserAsync(string userId, string anonymousId);
}

/// <summary>The SLA targets of an organization (key: organization id); the platform's defaults until
/// an org admin overrides them.</summary>
[Alias("ticketslapolicy")]
public interface ITicketSlaPolicyGrain : IGrainWithStringKey
{
    /// <summary>The targets in force for new tickets and priority changes.</summary>
    [ReadOnly]
    Task<SlaPolicy> GetAsync();

    /// <summary>Replaces the organization's targets; every target must be positive and the first response
    /// due no later than the resolution.</summary>
    Task<SlaPolicy> SetAsync(SlaPolicy policy);

    /// <summary>Goes back to the platform's defaults.</summary>
    Task<SlaPolicy> ResetAsync();
}
