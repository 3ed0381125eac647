using VetrAI.Grains.Scheduling;
using Microsoft.Extensions.Logging;
using VetrAI.Grains.Abstractions.Errors;
using VetrAI.Grains.Abstractions.Tickets;

namespace VetrAI.Grains.Tickets;

/// <summary>A support ticket. Decisions are <see cref="TicketRules"/>'; the grain adds persistence and the
/// SLA reminder: one durable reminder (see DeadlineReminders) armed for the next deadline that can still be missed, so a
/// breach is detected when it happens, by the ticket itself, whether or not anybody reads it.</summary>
internal sealed partial class TicketGrain(
    [PersistentState(TicketGrain.StateName)] IPersistentState<TicketState> ticket,
    ITicketAssignees assignees,
    ITicketBreachLog breaches,
    Notifications.INotifier notifier,
    SlaMetrics metrics,
    TimeProvider time,
    ILogger<TicketGrain> logger) : Grain, ITicketGrain, IRemindable
{
    /// <summary>The storage name of this grain's state; the read models list rows by it.</summary>
    public const string StateName = "ticket";

    private const string SlaReminder = "sla";

    /// <summary>A reminder may be timed by another silo's clock than the grain's: this much early is on time.</summary>
    private static readonly TimeSpan ClockTolerance = TimeSpan.FromMilliseconds(50);

    public async Task<TicketView> OpenAsync(OpenTicketCommand command)
    {
        if (ticket.State.Exists)
        {
            throw new ConflictException($"Ticket '{this.GetPrimaryKeyString()}' already exists.");
        }

        var policy = await PolicyAsync(command.Requester.OrganizationId);
        var now = time.GetUtcNow();
        var state = TicketRules.Open(this.GetPrimaryKeyString(), command, policy, now);
        await SaveAsync(state, now);
        return TicketRules.View(ticket.State, command.Requester);
    }

    public Task<TicketView> GetAsync(TicketActor actor)
    {
        TicketRules.EnsureVisible(ticket.State, actor, this.GetPrimaryKeyString());
        return Task.FromResult(TicketRules.View(ticket.State, actor));
    }

    public async Task<TicketView> UpdateAsync(TicketActor actor, UpdateTicketCommand command)
    {
        var state = ticket.State;
        TicketRules.EnsureVisible(state, actor, this.GetPrimaryKeyString());
        if (command.AssigneeId is { Length: > 0 } assignee && assignee != state.AssigneeId && actor.IsAgent)
        {
            await assignees.EnsureAssignableAsync(state.OrganizationId, assignee);
        }

        var policy = command.Priority is { } priority && priority != state.Priority ? await PolicyAsync(state.OrganizationId) : SlaPolicy.Default;
        var now = time.GetUtcNow();
        var next = TicketRules.Update(state, actor, command, policy, now);
        if (next != state)
        {
            await SaveAsync(next, now);
            if (next.AssigneeId is { } assigned && assigned != state.AssigneeId && assigned != actor.UserId)
            {
                await notifier.NotifyUserAsync(assigned, next.OrganizationId, "ticket.assigned", Data(next, new()
                {
                    ["priority"] = next.Priority.ToString().ToLowerInvariant(),
                    ["assigned_by"] = await notifier.NameOfAsync(actor.UserId),
                }));
            }
        }

        return TicketRules.View(ticket.State, actor);
    }

    public async Task<TicketComment> AddCommentAsync(TicketActor actor, AddCommentCommand command)
    {
        var now = time.GetUtcNow();
        var (next, comment) = TicketRules.Comment(ticket.State, actor, command, Guid.CreateVersion7(now).ToString("N"), now);
        await SaveAsync(next, now);
        // The requester never hears of internal notes; nobody is told of their own comment.
        var recipients = new[] { comment.Internal ? null : next.RequesterId, next.AssigneeId }
            .Where(id => id is not null && id != actor.UserId)
            .Distinct()
            .ToList();
        if (recipients.Count > 0)
        {
            var data = Data(next, new()
            {
                ["comment_author"] = await notifier.NameOfAsync(actor.UserId),
                ["comment"] = comment.Body.Length <= 500 ? comment.Body : comment.Body[..500] + "...",
            });
            foreach (var recipient in recipients)
            {
                await notifier.NotifyUserAsync(recipient!, next.OrganizationId, "ticket.commented", data);
            }
        }

        return comment;
    }

    public Task EnsureCanAttachAsync(TicketActor actor)
    {
        TicketRules.EnsureCanAttach(ticket.State, actor);
        return Task.CompletedTask;
    }

    public async Task<TicketAttachment> AddAttachmentAsync(TicketActor actor, AddAttachmentCommand command)
    {
        var now = time.GetUtcNow();
        var (next, attachment) = TicketRules.Attach(ticket.State, actor, command, now);
        if (next != ticket.State)
        {
            await SaveAsync(next, now);
        }

        return attachment;
    }

    public Task<TicketAttachment> GetAttachmentAsync(TicketActor actor, string attachmentId) =>
        Task.FromResult(TicketRules.Attachment(ticket.State, actor, attachmentId));

    public async Task ReceiveReminder(string reminderName, TickStatus status)
    {
        var state = ticket.State;
        if (reminderName != SlaReminder)
        {
            return;
        }

        if (!state.Exists)
        {
            await this.DisarmAsync(SlaReminder);
            return;
        }

        var now = time.GetUtcNow();
        IReadOnlyList<(SlaBreachKind Kind, DateTimeOffset DueAt)> detected = [];
        if (ClockRuns(state))
        {
            (var sla, detected) = SlaClock.Evaluate(state.Sla, state.CreatedAt, now + ClockTolerance);
            state = state with { Sla = sla };
        }

        foreach (var (kind, dueAt) in detected)
        {
            // Recorded before the state is written: a crash in between only repeats an idempotent insert.
            await breaches.RecordAsync(state.Id, state.OrganizationId, kind, dueAt, now);
            LogBreach(logger, state.Id, kind);
            metrics.Breached(kind);
        }

        // This deadline was handled: arm the reminder for whatever deadline is left, or remove it.
        await SaveAsync(state, now, reminderFired: true);
        foreach (var (kind, dueAt) in detected)
        {
            var data = Data(state, new()
            {
                ["sla"] = kind == SlaBreachKind.FirstResponse ? "first response" : "resolution",
                ["due_at"] = dueAt.UtcDateTime.ToString("yyyy-MM-dd HH:mm 'UTC'", System.Globalization.CultureInfo.InvariantCulture),
            });
            if (state.AssigneeId is { } assignee)
            {
                await notifier.NotifyUserAsync(assignee, state.OrganizationId, "ticket.sla_breached", data);
            }
            else
            {
                await notifier.NotifyRolesAsync(state.OrganizationId, [Abstractions.Auth.Roles.SupportAgent, Abstractions.Auth.Roles.OrgAdmin], "ticket.sla_breached", data);
            }
        }
    }

    private async Task SaveAsync(TicketState state, DateTimeOffset now, bool reminderFired = false)
    {
        var deadline = ClockRuns(state) ? SlaClock.NextDeadline(state.Sla, state.CreatedAt) : null;
        if (deadline != state.SlaReminderAt || reminderFired)
        {
            // Armed before the state is written, so a stored deadline always has its reminder.
            if (deadline is { } due)
            {
                await this.ArmAsync(SlaReminder, due - now);
            }
            else
            {
                await this.DisarmAsync(SlaReminder);
            }

            state = state with { SlaReminderAt = deadline };
        }

        if (state == ticket.State)
        {
            return;
        }

        ticket.State = state;
        await ticket.WriteStateAsync();
    }

    private static Dictionary<string, string> Data(TicketState state, Dictionary<string, string> more)
    {
        more["ticket_id"] = state.Id;
        more["ticket_subject"] = state.Subject;
        return more;
    }

    /// <summary>Resolved and closed tickets have met (or can no longer miss) their targets.</summary>
    private static bool ClockRuns(TicketState state) => state.Status is TicketStatus.Open or TicketStatus.Pending;

    private Task<SlaPolicy> PolicyAsync(string organizationId) => GrainFactory.GetGrain<ITicketSlaPolicyGrain>(organizationId).GetAsync();

    [LoggerMessage(Level = LogLevel.Information, Message = "Ticket {TicketId} breached its {Kind} SLA")]
    private static partial void LogBreach(ILogger logger, string ticketId, SlaBreachKind kind);
}
