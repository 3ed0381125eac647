using Microsoft.Extensions.DependencyInjection;
using Npgsql;
using VetrAI.Grains.Abstractions.Errors;
using VetrAI.Grains.Abstractions.Tickets;
using VetrAI.Grains.Tickets;
using VetrAI.TestSupport;

namespace VetrAI.Grains.Tests.Tickets;

public sealed class TicketGrainTests : IAsyncLifetime
{
    private static readonly TicketActor Requester = new("u-req", "org-a", IsAgent: false);
    private static readonly TicketActor Agent = new("u-agent", "org-a", IsAgent: true);
    private static readonly TicketActor OtherOrg = new("u-b", "org-b", IsAgent: true);
    private static readonly SlaPolicy FastPolicy = new(new(1, 3), new(1, 3), new(1, 3), new(1, 3));

    private TestDatabase _database = null!;
    private TestGrainSilo _silo = null!;

    public async Task InitializeAsync()
    {
        _database = await TestDatabase.CreateAsync("tickets");
        _silo = await TestGrainSilo.StartAsync(_database.ConnectionString, "vetrai-tests", services =>
            services.AddSingleton<ITicketAssignees>(new StaffList("u-agent")));
    }

    public async Task DisposeAsync()
    {
        await _silo.DisposeAsync();
        await _database.DisposeAsync();
    }

    private ITicketGrain Ticket(string id) => _silo.Grains.GetGrain<ITicketGrain>(id);

    [Fact]
    public async Task A_ticket_goes_through_its_lifecycle_and_survives_a_restart()
    {
        var opened = await Ticket("t1").OpenAsync(new OpenTicketCommand(Requester, "Broken", "It broke.", TicketPriority.High));
        Assert.Equal(TicketStatus.Open, opened.Status);
        await Assert.ThrowsAsync<ConflictException>(() => Ticket("t1").OpenAsync(new OpenTicketCommand(Requester, "Again", "x", TicketPriority.Low)));

        await Ticket("t1").UpdateAsync(Agent, new UpdateTicketCommand(TicketStatus.Pending, null, "u-agent", null));
        await Ticket("t1").AddCommentAsync(Agent, new AddCommentCommand("internal", true));
        await Ticket("t1").UpdateAsync(Agent, new UpdateTicketCommand(TicketStatus.Resolved, null, null, null));
        var error = await Assert.ThrowsAsync<ConflictException>(() => Ticket("t1").UpdateAsync(Agent, new UpdateTicketCommand(TicketStatus.Pending, null, null, null)));
        Assert.Contains("only be closed or reopened", error.Message, StringComparison.Ordinal);
        await Ticket("t1").UpdateAsync(Requester, new UpdateTicketCommand(TicketStatus.Closed, null, null, null));

        await _silo.StopAsync();
        _silo = await TestGrainSilo.StartAsync(_database.ConnectionString, "vetrai-tests", services =>
            services.AddSingleton<ITicketAssignees>(new StaffList("u-agent")));

        var view = await Ticket("t1").GetAsync(Requester);
        Assert.Equal((TicketStatus.Closed, "u-agent"), (view.Status, view.AssigneeId));
        Assert.Empty(view.Comments);
        Assert.Single((await Ticket("t1").GetAsync(Agent)).Comments);
        await Assert.ThrowsAsync<ConflictException>(() => Ticket("t1").UpdateAsync(Agent, new UpdateTicketCommand(TicketStatus.Open, null, null, null)));
        await Assert.ThrowsAsync<NotFoundException>(() => Ticket("t1").GetAsync(OtherOrg));
        await Assert.ThrowsAsync<NotFoundException>(() => Ticket("t1").GetAsync(Requester with { UserId = "someone-else" }));
    }

    [Fact]
    public async Task Only_staff_of_the_organization_can_be_assigned()
    {
        await Ticket("t2").OpenAsync(new OpenTicketCommand(Requester, "s", "d", TicketPriority.Low));

        var error = await Assert.ThrowsAsync<InvalidInputException>(() => Ticket("t2").UpdateAsync(Agent, new UpdateTicketCommand(null, null, "u-req", null)));

        Assert.Contains("not a support agent or org admin", error.Message, StringComparison.Ordinal);
        Assert.Null((await Ticket("t2").GetAsync(Agent)).AssigneeId);
    }

    [Fact]
    public async Task An_unanswered_ticket_becomes_breached_by_itself_and_the_breach_is_recorded()
    {
        await _silo.Grains.GetGrain<ITicketSlaPolicyGrain>("org-a").SetAsync(FastPolicy);
        await Ticket("late").OpenAsync(new OpenTicketCommand(Requester, "s", "d", TicketPriority.Urgent));
        await Ticket("on-time").OpenAsync(new OpenTicketCommand(Requester, "s", "d", TicketPriority.Urgent));
        await Ticket("on-time").AddCommentAsync(Agent, new AddCommentCommand("On it", false));
        await Ticket("on-time").UpdateAsync(Agent, new UpdateTicketCommand(TicketStatus.Resolved, null, null, null));

        await Wait.ForAsync(async () => (await Ticket("late").GetAsync(Agent)).Sla.ResolutionBreachedAt is not null, "the late ticket to breach both targets");

        var late = await Ticket("late").GetAsync(Agent);
        Assert.True(late.Sla.Breached);
        Assert.True(late.Sla.FirstResponseBreachedAt >= late.Sla.FirstResponseDueAt - TimeSpan.FromMilliseconds(60));
        var onTime = await Ticket("on-time").GetAsync(Agent);
        Assert.False(onTime.Sla.Breached);
        Assert.Equal(
            [("late", "first_response"), ("late", "resolution")],
            await BreachesAsync());
    }

    [Fact]
    public async Task Pending_holds_the_resolution_clock()
    {
        await _silo.Grains.GetGrain<ITicketSlaPolicyGrain>("org-a").SetAsync(new SlaPolicy(new(1, 2), new(1, 2), new(1, 2), new(1, 2)));
        await Ticket("held").OpenAsync(new OpenTicketCommand(Requester, "s", "d", TicketPriority.Normal));
        await Ticket("held").AddCommentAsync(Agent, new AddCommentCommand("Need logs", false));
        await Ticket("held").UpdateAsync(Agent, new UpdateTicketCommand(TicketStatus.Pending, null, null, null));
        await Ticket("control").OpenAsync(new OpenTicketCommand(Requester, "s", "d", TicketPriority.Normal));
        await Ticket("control").AddCommentAsync(Agent, new AddCommentCommand("Looking", false));

        await Wait.ForAsync(async () => (await Ticket("control").GetAsync(Agent)).Sla.Breached, "the running ticket to breach its resolution target");

        var held = await Ticket("held").GetAsync(Agent);
        Assert.False(held.Sla.Breached);
        Assert.Null(held.Sla.ResolutionDueAt);
    }

    private async Task<List<(string, string)>> BreachesAsync()
    {
        await using var dataSource = NpgsqlDataSource.Create(_database.ConnectionString);
        await using var command = dataSource.CreateCommand("SELECT ticket_id, kind FROM ticket_sla_breaches ORDER BY ticket_id, kind");
        await using var reader = await command.ExecuteReaderAsync();
        var rows = new List<(string, string)>();
        while (await reader.ReadAsync())
        {
            rows.Add((reader.GetString(0), reader.GetString(1)));
        }

        return rows;
    }

    private sealed class StaffList(params string[] staff) : ITicketAssignees
    {
        public Task EnsureAssignableAsync(string organizationId, string userId) =>
            staff.Contains(userId) ? Task.CompletedTask : throw new InvalidInputException($"assignee_id '{userId}' is not a support agent or org admin of this organization.");
    }
}
