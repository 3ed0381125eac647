using VetrAI.ApiFrontend.Validation;
using VetrAI.Grains.Abstractions.Tickets;

namespace VetrAI.ApiFrontend.Tickets;

/// <summary><c>POST /tickets</c>.</summary>
public sealed record CreateTicketRequest(string? Subject, string? Description, string? Priority)
{
    public (string Subject, string Description, TicketPriority Priority) Validate()
    {
        var v = new RequestValidator();
        var subject = v.Required(Subject, "subject");
        var description = v.Required(Description, "description");
        var priority = TicketPriority.Normal;
        v.Check(Priority is null || TicketNames.TryParsePriority(Priority, out priority), "priority must be one of low, normal, high, urgent.");
        v.ThrowIfInvalid();
        return (subject, description, priority);
    }
}

/// <summary><c>PUT /tickets/{id}</c>: only the fields given change; <c>assignee_id: ""</c> unassigns.</summary>
public sealed record UpdateTicketRequest(string? Status, string? Priority, string? AssigneeId, string? Subject)
{
    public UpdateTicketCommand Validate()
    {
        var v = new RequestValidator();
        TicketStatus? status = null;
        TicketPriority? priority = null;
        if (Status is not null)
        {
            v.Check(TicketNames.TryParseStatus(Status, out var parsed), "status must be one of open, pending, resolved, closed.");
            status = parsed;
        }

        if (Priority is not null)
        {
            v.Check(TicketNames.TryParsePriority(Priority, out var parsed), "priority must be one of low, normal, high, urgent.");
            priority = parsed;
        }

        v.Check(Status is not null || Priority is not null || AssigneeId is not null || Subject is not null,
            "Give at least one of status, priority, assignee_id, subject.");
        v.ThrowIfInvalid();
        return new UpdateTicketCommand(status, priority, AssigneeId?.Trim(), Subject);
    }
}

/// <summary><c>POST /tickets/{id}/comments</c>.</summary>
public sealed record AddCommentRequest(string? Body, bool? Internal)
{
    public AddCommentCommand Validate()
    {
        var v = new RequestValidator();
        var body = v.Required(Body, "body");
        v.ThrowIfInvalid();
        return new AddCommentCommand(body, Internal ?? false);
    }
}

/// <summary>First-response and resolution targets of one priority, in seconds.</summary>
public sealed record SlaTargetRequest(long? FirstResponseSeconds, long? ResolutionSeconds);

/// <summary><c>PUT /tickets/sla-policy</c>: the organization's targets for every priority.</summary>
public sealed record SlaPolicyRequest(SlaTargetRequest? Low, SlaTargetRequest? Normal, SlaTargetRequest? High, SlaTargetRequest? Urgent)
{
    public SlaPolicy Validate()
    {
        var v = new RequestValidator();
        var policy = new SlaPolicy(Target(v, Low, "low"), Target(v, Normal, "normal"), Target(v, High, "high"), Target(v, Urgent, "urgent"));
        v.ThrowIfInvalid();
        return policy;
    }

    private static SlaTarget Target(RequestValidator v, SlaTargetRequest? target, string name)
    {
        v.Check(target?.FirstResponseSeconds is not null && target.ResolutionSeconds is not null,
            $"{name} needs first_response_seconds and resolution_seconds.");
        return new SlaTarget(target?.FirstResponseSeconds ?? 0, target?.ResolutionSeconds ?? 0);
    }
}
