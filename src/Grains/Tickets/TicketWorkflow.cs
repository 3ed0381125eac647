using VetrAI.Grains.Abstractions.Errors;
using VetrAI.Grains.Abstractions.Tickets;

namespace VetrAI.Grains.Tickets;

/// <summary>The allowed status transitions: open -> pending -> resolved -> closed, pending back to open,
/// reopen from resolved; closed is final.</summary>
internal static class TicketWorkflow
{
    /// <summary>Why the transition is not allowed, or null when it is.</summary>
    public static string? WhyNot(TicketStatus from, TicketStatus to) => (from, to) switch
    {
        _ when from == to => null,
        (TicketStatus.Closed, _) => "the ticket is closed, and a closed ticket is final",
        (TicketStatus.Open, TicketStatus.Closed) => "an open ticket must be resolved before it can be closed",
        (TicketStatus.Pending, TicketStatus.Closed) => "a pending ticket must be resolved before it can be closed",
        (TicketStatus.Resolved, TicketStatus.Pending) => "a resolved ticket can only be closed or reopened",
        _ => null,
    };

    public static void EnsureAllowed(TicketStatus from, TicketStatus to)
    {
        if (WhyNot(from, to) is { } reason)
        {
            throw new ConflictException($"Cannot change the status from {TicketNames.Of(from)} to {TicketNames.Of(to)}: {reason}.");
        }
    }

    /// <summary>A requester who is not an agent may only close or reopen a ticket that was resolved.</summary>
    public static bool RequesterMay(TicketStatus from, TicketStatus to) =>
        from == to || (from == TicketStatus.Resolved && to is TicketStatus.Closed or TicketStatus.Open);
}
