namespace VetrAI.Grains.Tickets;

/// <summary>What an account erasure asks of a ticket: the conversation stays with the organization, its erased
/// participant is named by an anonymous id.</summary>
internal sealed partial class TicketGrain
{
    public async Task<bool> ReplaceUserAsync(string userId, string anonymousId)
    {
        ArgumentException.ThrowIfNullOrEmpty(userId);
        ArgumentException.ThrowIfNullOrEmpty(anonymousId);
        var current = ticket.State;
        if (!current.Exists)
        {
            return false;
        }

        string Swap(string id) => string.Equals(id, userId, StringComparison.Ordinal) ? anonymousId : id;
        var next = current with
        {
            RequesterId = Swap(current.RequesterId),
            AssigneeId = current.AssigneeId is { } assignee ? Swap(assignee) : null,
            Comments = [.. current.Comments.Select(c => c with { AuthorId = Swap(c.AuthorId) })],
            Attachments = [.. current.Attachments.Select(a => a with { UploadedBy = Swap(a.UploadedBy) })],
        };
        var changed = !string.Equals(next.RequesterId, current.RequesterId, StringComparison.Ordinal)
            || !string.Equals(next.AssigneeId, current.AssigneeId, StringComparison.Ordinal)
            || next.Comments.Where((c, i) => !string.Equals(c.AuthorId, current.Comments[i].AuthorId, StringComparison.Ordinal)).Any()
            || next.Attachments.Where((a, i) => !string.Equals(a.UploadedBy, current.Attachments[i].UploadedBy, StringComparison.Ordinal)).Any();
        if (!changed)
        {
            return false;
        }

        // Not a change of the ticket's conversation: updated_at and the SLA clocks stay as they are.
        ticket.State = next;
        await ticket.WriteStateAsync();
        return true;
    }
}
