using VetrAI.Grains.Abstractions.Errors;
using VetrAI.Grains.Abstractions.Tickets;
using VetrAI.Grains.Tickets;

namespace VetrAI.Grains.Tests.Tickets;

public sealed class TicketRulesTests
{
    private static readonly DateTimeOffset T0 = new(2026, 1, 1, 9, 0, 0, TimeSpan.Zero);
    private static readonly TicketActor Requester = new("u-req", "org-a", IsAgent: false);
    private static readonly TicketActor OtherUser = new("u-other", "org-a", IsAgent: false);
    private static readonly TicketActor Agent = new("u-agent", "org-a", IsAgent: true);
    private static readonly TicketActor OtherOrgAgent = new("u-b", "org-b", IsAgent: true);

    private static TicketState NewTicket(TicketPriority priority = TicketPriority.High) =>
        TicketRules.Open("t1", new OpenTicketCommand(Requester, " Printer on fire ", "It is on fire.", priority), SlaPolicy.Default, T0);

    private static TicketState Move(TicketState state, TicketStatus status, TicketActor actor, DateTimeOffset at) =>
        TicketRules.Update(state, actor, new UpdateTicketCommand(status, null, null, null), SlaPolicy.Default, at);

    [Fact]
    public void A_new_ticket_is_open_with_due_times_from_its_priority()
    {
        var ticket = NewTicket(TicketPriority.Urgent);
        var view = TicketRules.View(ticket, Requester);

        Assert.Equal(TicketStatus.Open, view.Status);
        Assert.Equal("Printer on fire", view.Subject);
        Assert.Equal(T0.AddHours(1), view.Sla.FirstResponseDueAt);
        Assert.Equal(T0.AddHours(4), view.Sla.ResolutionDueAt);
        Assert.False(view.Sla.Breached);
    }

    [Theory]
    [InlineData(TicketPriority.Low, 24, 168)]
    [InlineData(TicketPriority.Normal, 8, 72)]
    [InlineData(TicketPriority.High, 4, 24)]
    [InlineData(TicketPriority.Urgent, 1, 4)]
    public void Default_targets_follow_the_priority(TicketPriority priority, int firstResponseHours, int resolutionHours)
    {
        var view = TicketRules.View(NewTicket(priority), Agent);
        Assert.Equal((T0.AddHours(firstResponseHours), T0.AddHours(resolutionHours)), (view.Sla.FirstResponseDueAt, view.Sla.ResolutionDueAt!.Value));
    }

    [Fact]
    public void An_organization_policy_overrides_the_defaults()
    {
        var policy = SlaPolicy.Default with { Normal = new SlaTarget(60, 600) };
        var ticket = TicketRules.Open("t1", new OpenTicketCommand(Requester, "s", "d", TicketPriority.Normal), policy, T0);

        Assert.Equal(T0.AddMinutes(1), ticket.Sla.FirstResponseDueAt);
        Assert.Equal(T0.AddMinutes(10), SlaClock.ResolutionDueAt(ticket.Sla, T0));
    }

    [Theory]
    [InlineData("", "d")]
    [InlineData("   ", "d")]
    [InlineData("s", "")]
    public void Blank_subject_or_description_is_invalid(string subject, string description) =>
        Assert.Throws<InvalidInputException>(() =>
            TicketRules.Open("t1", new OpenTicketCommand(Requester, subject, description, TicketPriority.Low), SlaPolicy.Default, T0));

    [Fact]
    public void The_full_lifecycle_is_allowed()
    {
        var ticket = NewTicket();
        ticket = Move(ticket, TicketStatus.Pending, Agent, T0.AddMinutes(1));
        ticket = Move(ticket, TicketStatus.Open, Agent, T0.AddMinutes(2));
        ticket = Move(ticket, TicketStatus.Resolved, Agent, T0.AddMinutes(3));
        Assert.Equal(T0.AddMinutes(3), ticket.ResolvedAt);
        ticket = Move(ticket, TicketStatus.Open, Requester, T0.AddMinutes(4));
        Assert.Null(ticket.ResolvedAt);
        ticket = Move(ticket, TicketStatus.Resolved, Agent, T0.AddMinutes(5));
        ticket = Move(ticket, TicketStatus.Closed, Requester, T0.AddMinutes(6));

        Assert.Equal(TicketStatus.Closed, ticket.Status);
        Assert.Equal(T0.AddMinutes(6), ticket.ClosedAt);
    }

    [Theory]
    [InlineData(TicketStatus.Open, TicketStatus.Closed, "must be resolved before it can be closed")]
    [InlineData(TicketStatus.Pending, TicketStatus.Closed, "must be resolved before it can be closed")]
    [InlineData(TicketStatus.Resolved, TicketStatus.Pending, "can only be closed or reopened")]
    [InlineData(TicketStatus.Closed, TicketStatus.Open, "closed ticket is final")]
    [InlineData(TicketStatus.Closed, TicketStatus.Resolved, "closed ticket is final")]
    public void Forbidden_transitions_conflict_and_say_why(TicketStatus from, TicketStatus to, string why)
    {
        var ticket = NewTicket() with { Status = from };

        var error = Assert.Throws<ConflictException>(() => Move(ticket, to, Agent, T0.AddMinutes(1)));

        Assert.Contains(why, error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_closed_ticket_takes_no_changes_comments_or_attachments()
    {
        var ticket = NewTicket() with { Status = TicketStatus.Closed };

        Assert.Throws<ConflictException>(() => TicketRules.Update(ticket, Agent, new UpdateTicketCommand(null, null, null, "new"), SlaPolicy.Default, T0));
        Assert.Throws<ConflictException>(() => TicketRules.Comment(ticket, Agent, new AddCommentCommand("hi", false), "c1", T0));
        Assert.Throws<ConflictException>(() => TicketRules.EnsureCanAttach(ticket, Requester));
    }

    [Fact]
    public void A_requester_may_only_close_or_reopen_a_resolved_ticket()
    {
        var ticket = NewTicket();

        Assert.Throws<ForbiddenException>(() => Move(ticket, TicketStatus.Resolved, Requester, T0));
        Assert.Throws<ForbiddenException>(() => TicketRules.Update(ticket, Requester, new UpdateTicketCommand(null, TicketPriority.Urgent, null, null), SlaPolicy.Default, T0));
        Assert.Throws<ForbiddenException>(() => TicketRules.Update(ticket, Requester, new UpdateTicketCommand(null, null, "u-agent", null), SlaPolicy.Default, T0));
        Assert.Equal("New subject", TicketRules.Update(ticket, Requester, new UpdateTicketCommand(null, null, null, "New subject"), SlaPolicy.Default, T0).Subject);
    }

    [Fact]
    public void Other_users_and_other_organizations_do_not_find_the_ticket()
    {
        var ticket = NewTicket();

        Assert.Throws<NotFoundException>(() => TicketRules.EnsureVisible(ticket, OtherUser, "t1"));
        Assert.Throws<NotFoundException>(() => TicketRules.EnsureVisible(ticket, OtherOrgAgent, "t1"));
        Assert.Throws<NotFoundException>(() => TicketRules.Comment(ticket, OtherOrgAgent, new AddCommentCommand("x", false), "c", T0));
        Assert.Throws<NotFoundException>(() => TicketRules.EnsureVisible(new TicketState(), Agent, "t1"));
        TicketRules.EnsureVisible(ticket, Agent, "t1");
        TicketRules.EnsureVisible(ticket, Requester, "t1");
    }

    [Fact]
    public void Internal_comments_are_written_by_agents_and_hidden_from_plain_users()
    {
        var ticket = NewTicket();
        Assert.Throws<ForbiddenException>(() => TicketRules.Comment(ticket, Requester, new AddCommentCommand("psst", true), "c0", T0));

        (ticket, _) = TicketRules.Comment(ticket, Agent, new AddCommentCommand("customer is VIP", true), "c1", T0.AddMinutes(1));
        (ticket, _) = TicketRules.Comment(ticket, Agent, new AddCommentCommand("Looking into it", false), "c2", T0.AddMinutes(2));

        Assert.Equal(["c2"], TicketRules.View(ticket, Requester).Comments.Select(c => c.Id));
        Assert.Equal(["c1", "c2"], TicketRules.View(ticket, Agent).Comments.Select(c => c.Id));
    }

    [Fact]
    public void The_first_public_agent_reply_stops_the_first_response_clock()
    {
        var ticket = NewTicket();
        (ticket, _) = TicketRules.Comment(ticket, Requester, new AddCommentCommand("any news?", false), "c1", T0.AddMinutes(1));
        (ticket, _) = TicketRules.Comment(ticket, Agent, new AddCommentCommand("internal note", true), "c2", T0.AddMinutes(2));
        Assert.Null(ticket.Sla.FirstRespondedAt);

        (ticket, _) = TicketRules.Comment(ticket, Agent, new AddCommentCommand("on it", false), "c3", T0.AddMinutes(3));
        (ticket, _) = TicketRules.Comment(ticket, Agent, new AddCommentCommand("still on it", false), "c4", T0.AddMinutes(4));

        Assert.Equal(T0.AddMinutes(3), ticket.Sla.FirstRespondedAt);
        Assert.Equal(SlaClock.ResolutionDueAt(ticket.Sla, T0), SlaClock.NextDeadline(ticket.Sla, T0));
    }

    [Fact]
    public void A_requester_reply_to_a_pending_ticket_reopens_it()
    {
        var ticket = Move(NewTicket(), TicketStatus.Pending, Agent, T0.AddHours(1));

        (ticket, _) = TicketRules.Comment(ticket, Requester, new AddCommentCommand("here are the logs", false), "c1", T0.AddHours(3));

        Assert.Equal(TicketStatus.Open, ticket.Status);
        Assert.Equal(T0.AddHours(24 + 2), SlaClock.ResolutionDueAt(ticket.Sla, T0));
    }

    [Fact]
    public void Changing_the_priority_moves_the_due_times()
    {
        var ticket = TicketRules.Update(NewTicket(TicketPriority.Low), Agent, new UpdateTicketCommand(null, TicketPriority.Urgent, null, null), SlaPolicy.Default, T0.AddMinutes(5));
        var view = TicketRules.View(ticket, Agent);

        Assert.Equal((T0.AddHours(1), T0.AddHours(4)), (view.Sla.FirstResponseDueAt, view.Sla.ResolutionDueAt!.Value));
    }

    [Fact]
    public void Assigning_and_unassigning()
    {
        var ticket = TicketRules.Update(NewTicket(), Agent, new UpdateTicketCommand(null, null, "u-agent", null), SlaPolicy.Default, T0);
        Assert.Equal("u-agent", ticket.AssigneeId);

        ticket = TicketRules.Update(ticket, Agent, new UpdateTicketCommand(null, null, "", null), SlaPolicy.Default, T0);
        Assert.Null(ticket.AssigneeId);
    }

    [Fact]
    public void Attachments_are_recorded_once_and_found_by_id()
    {
        var command = new AddAttachmentCommand("a1", "log.txt", "text/plain", 12, "tickets/t1/a1/log.txt");
        var (ticket, attachment) = TicketRules.Attach(NewTicket(), Requester, command, T0);
        var (again, _) = TicketRules.Attach(ticket, Requester, command, T0.AddMinutes(1));

        Assert.Single(again.Attachments);
        Assert.Equal(attachment, TicketRules.Attachment(again, Agent, "a1"));
        Assert.Throws<NotFoundException>(() => TicketRules.Attachment(again, Agent, "a2"));
        Assert.Throws<NotFoundException>(() => TicketRules.Attachment(again, OtherOrgAgent, "a1"));
    }
}
