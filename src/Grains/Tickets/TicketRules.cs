using VetrAI.Grains.Abstractions.Errors;
using VetrAI.Grains.Abstractions.Tickets;

namespace VetrAI.Grains.Tickets;

/// <summary>The ticket's decisions as plain functions of state, caller and time: every check happens
/// here, before the grain writes anything.</summary>
internal static class TicketRules
{
    public const int MaxSubjectLength = 200;
    public const int MaxTextLength = 20_000;
    public const int MaxComments = 1_000;
    public const int MaxAttachments = 100;

    public static TicketState Open(string id, OpenTicketCommand command, SlaPolicy policy, DateTimeOffset now)
    {
        var subject = RequireText(command.Subject, "subject", MaxSubjectLength);
        var description = RequireText(command.Description, "description", MaxTextLength);
        if (!Enum.IsDefined(command.Priority))
        {
            throw new InvalidInputException("priority must be one of low, normal, high, urgent.");
        }

        return new TicketState
        {
            Id = id,
            OrganizationId = command.Requester.OrganizationId,
            RequesterId = command.Requester.UserId,
            Subject = subject,
            Description = description,
            Priority = command.Priority,
            Status = TicketStatus.Open,
            Sla = SlaClock.Start(now, policy.For(command.Priority)),
            CreatedAt = now,
            UpdatedAt = now,
        };
    }

    /// <summary>Answers NotFound for a caller of another organization, and for a plain user who did not
    /// open the ticket: neither may learn that it exists.</summary>
    public static void EnsureVisible(TicketState state, TicketActor actor, string id)
    {
        if (!state.Exists
            || state.OrganizationId != actor.OrganizationId
            || (!actor.IsAgent && state.RequesterId != actor.UserId))
        {
            throw new NotFoundException($"Ticket '{id}' was not found.");
        }
    }

    public static TicketView View(TicketState state, TicketActor actor) => new(
        state.Id,
        state.OrganizationId,
        state.RequesterId,
        state.Subject,
        state.Description,
        state.Priority,
        state.Status,
        state.AssigneeId,
        SlaClock.View(state.Sla, state.CreatedAt, state.Status),
        actor.IsAgent ? state.Comments : [.. state.Comments.Where(c => !c.Internal)],
        state.Attachments,
        state.CreatedAt,
        state.UpdatedAt,
        state.ResolvedAt,
        state.ClosedAt);

    /// <summary>Applies an update. <paramref name="policy"/> is only read when the priority changes; the
    /// assignee, when one is named, was already checked to be staff of the ticket's organization.</summary>
    public static TicketState Update(TicketState state, TicketActor actor, UpdateTicketCommand command, SlaPolicy policy, DateTimeOffset now)
    {
        EnsureVisible(state, actor, state.Id);
        var next = state;
        if (command.Subject is not null)
        {
            next = next with { Subject = RequireText(command.Subject, "subject", MaxSubjectLength) };
        }

        if (command.Priority is { } priority && priority != state.Priority)
        {
            if (!Enum.IsDefined(priority))
            {
                throw new InvalidInputException("priority must be one of low, normal, high, urgent.");
            }

            RequireAgent(actor, "change a ticket's priority");
            next = next with { Priority = priority, Sla = SlaClock.Retarget(next.Sla, next.CreatedAt, policy.For(priority)) };
        }

        if (command.AssigneeId is { } assignee && assignee != (state.AssigneeId ?? ""))
        {
            RequireAgent(actor, "assign a ticket");
            next = next with { AssigneeId = assignee.Length == 0 ? null : assignee };
        }

        if (command.Status is { } status && status != state.Status)
        {
            if (!Enum.IsDefined(status))
            {
                throw new InvalidInputException("status must be one of open, pending, resolved, closed.");
            }

            TicketWorkflow.EnsureAllowed(state.Status, status);
            if (!actor.IsAgent && !TicketWorkflow.RequesterMay(state.Status, status))
            {
                throw new ForbiddenException("A requester may only close or reopen a resolved ticket; other status changes are made by support.");
            }

            next = MoveTo(next, status, now);
        }
        else if (state.Status == TicketStatus.Closed && next != state)
        {
            throw new ConflictException("The ticket is closed, and a closed ticket is final.");
        }

        return next == state ? state : next with { UpdatedAt = now };
    }

    public static (TicketState State, TicketComment Comment) Comment(
        TicketState state, TicketActor actor, AddCommentCommand command, string commentId, DateTimeOffset now)
    {
        EnsureVisible(state, actor, state.Id);
        var body = RequireText(command.Body, "body", MaxTextLength);
        if (command.Internal && !actor.IsAgent)
        {
            throw new ForbiddenException("Only support agents and org admins write internal comments.");
        }

        EnsureNotClosed(state, "commented on");
        if (state.Comments.Count >= MaxComments)
        {
            throw new ConflictException($"The ticket already has the maximum of {MaxComments} comments.");
        }

        var comment = new TicketComment(commentId, actor.UserId, body, command.Internal, actor.IsAgent, now);
        var next = state with { Comments = [.. state.Comments, comment], UpdatedAt = now };
        var isAgentReply = actor.IsAgent && !command.Internal && actor.UserId != state.RequesterId;
        if (isAgentReply)
        {
            next = next with { Sla = SlaClock.RecordFirstResponse(next.Sla, now) };
        }
        else if (!actor.IsAgent && state.Status == TicketStatus.Pending)
        {
            // The requester answered what support was waiting for: the ball is back with support.
            next = MoveTo(next, TicketStatus.Open, now);
        }

        return (next, comment);
    }

    public static void EnsureCanAttach(TicketState state, TicketActor actor)
    {
        EnsureVisible(state, actor, state.Id);
        EnsureNotClosed(state, "given attachments");
        if (state.Attachments.Count >= MaxAttachments)
        {
            throw new ConflictException($"The ticket already has the maximum of {MaxAttachments} attachments.");
        }
    }

    public static (TicketState State, TicketAttachment Attachment) Attach(
        TicketState state, TicketActor actor, AddAttachmentCommand command, DateTimeOffset now)
    {
        EnsureCanAttach(state, actor);
        if (state.Attachments.Any(a => a.Id == command.AttachmentId))
        {
            var existing = state.Attachments.First(a => a.Id == command.AttachmentId);
            return (state, existing);
        }

        var attachment = new TicketAttachment(
            command.AttachmentId, command.FileName, command.ContentType, command.Size, actor.UserId, now, command.StoragePath);
        return (state with { Attachments = [.. state.Attachments, attachment], UpdatedAt = now }, attachment);
    }

    public static TicketAttachment Attachment(TicketState state, TicketActor actor, string attachmentId)
    {
        EnsureVisible(state, actor, state.Id);
        return state.Attachments.FirstOrDefault(a => a.Id == attachmentId)
            ?? throw new NotFoundException($"Attachment '{attachmentId}' was not found.");
    }

    private static TicketState MoveTo(TicketState state, TicketStatus status, DateTimeOffset now) => status switch
    {
        TicketStatus.Pending => state with { Status = status, Sla = SlaClock.Pause(state.Sla, now) },
        TicketStatus.Resolved => state with { Status = status, Sla = SlaClock.Pause(state.Sla, now), ResolvedAt = now },
        TicketStatus.Closed => state with { Status = status, Sla = SlaClock.Pause(state.Sla, now), ClosedAt = now },
        _ => state with { Status = status, Sla = SlaClock.Resume(state.Sla, now), ResolvedAt = null },
    };

    private static void RequireAgent(TicketActor actor, string what)
    {
        if (!actor.IsAgent)
        {
            throw new ForbiddenException($"Only support agents and org admins {what}.");
        }
    }

    private static void EnsureNotClosed(TicketState state, string what)
    {
        if (state.Status == TicketStatus.Closed)
        {
            throw new ConflictException($"The ticket is closed and cannot be {what}: a closed ticket is final.");
        }
    }

    private static string RequireText(string? value, string field, int maxLength)
    {
        var trimmed = value?.Trim() ?? "";
        if (trimmed.Length == 0)
        {
            throw new InvalidInputException($"{field} is required.");
        }

        if (trimmed.Length > maxLength)
        {
            throw new InvalidInputException($"{field} must be at most {maxLength} characters.");
        }

        return trimmed;
    }
}
