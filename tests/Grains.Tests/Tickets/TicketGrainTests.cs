using Npgsql;
using VetrAI.Grains.Abstractions.Errors;
using VetrAI.Grains.Abstractions.Tickets;
using VetrAI.Grains.Scheduling;
using VetrAI.TestSupport;

namespace VetrAI.Grains.Tests.Tickets;

/// <summary>The ticket grain and its SLA reminder on a test cluster. The tests share the cluster; each works in
/// an organization of its own, so SLA policies and recorded breaches never cross tests.</summary>
public sealed class TicketGrainTests(TicketClusterFixture silo) : IClassFixture<TicketClusterFixture>
{
    private static readonly SlaPolicy FastPolicy = new(new(1, 3), new(1, 3), new(1, 3), new(1, 3));
    private static readonly TicketActor OtherOrg = new("u-b", "org-b", IsAgent: true);

    private readonly TicketClusterFixture _silo = silo;
    private readonly string _organization = $"org-{Guid.NewGuid():N}";

    private TicketActor Requester => new("u-req", _organization, IsAgent: false);

    private TicketActor Agent => new(TicketClusterFixture.Staff, _organization, IsAgent: true);

    private ITicketGrain Ticket(string id) => _silo.Grains.GetGrain<ITicketGrain>(id);

    private Task SetPolicyAsync(SlaPolicy policy) => _silo.Grains.GetGrain<ITicketSlaPolicyGrain>(_organization).SetAsync(policy);

    [Fact]
    public async Task A_ticket_goes_through_its_lifecycle_and_survives_a_restart()
    {
        var opened = await Ticket("t1").OpenAsync(new OpenTicketCommand(Requester, "Broken", "It broke.", TicketPriority.High));
        Assert.Equal(TicketStatus.Open, opened.Status);
        await Assert.ThrowsAsync<ConflictException>(() => Ticket("t1").OpenAsync(new OpenTicketCommand(Requester, "Again", "x", TicketPriority.Low)));

        await Ticket("t1").UpdateAsync(Agent, new UpdateTicketCommand(TicketStatus.Pending, null, TicketClusterFixture.Staff, null));
        await Ticket("t1").AddCommentAsync(Agent, new AddCommentCommand("internal", true));
        await Ticket("t1").UpdateAsync(Agent, new UpdateTicketCommand(TicketStatus.Resolved, null, null, null));
        var error = await Assert.ThrowsAsync<ConflictException>(() => Ticket("t1").UpdateAsync(Agent, new UpdateTicketCommand(TicketStatus.Pending, null, null, null)));
        Assert.Contains("only be closed or reopened", error.Message, StringComparison.Ordinal);
        await Ticket("t1").UpdateAsync(Requester, new UpdateTicketCommand(TicketStatus.Closed, null, null, null));

        await _silo.RestartAsync();

        var view = await Ticket("t1").GetAsync(Requester);
        Assert.Equal((TicketStatus.Closed, TicketClusterFixture.Staff), (view.Status, view.AssigneeId));
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
        await SetPolicyAsync(FastPolicy);
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
        await SetPolicyAsync(new SlaPolicy(new(1, 2), new(1, 2), new(1, 2), new(1, 2)));
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

    [Fact]
    public async Task A_breach_deadline_armed_before_a_restart_is_detected_by_the_next_silo()
    {
        // Due after a stop and a start of the test cluster (under a second here), with room to spare.
        const int firstResponseSeconds = 5;
        await SetPolicyAsync(new SlaPolicy(new(firstResponseSeconds, 3600), new(firstResponseSeconds, 3600), new(firstResponseSeconds, 3600), new(firstResponseSeconds, 3600)));
        var opened = await Ticket("restarted").OpenAsync(new OpenTicketCommand(Requester, "s", "d", TicketPriority.High));

        await _silo.StopAsync();
        var remindersWhileDown = await StoredRemindersAsync("restarted");
        var breachesWhileDown = await BreachesAsync();
        await _silo.StartAsync();
        Assert.Equal(1, remindersWhileDown);
        Assert.Empty(breachesWhileDown);

        // Nothing here calls the ticket: the new silo's reminder service loads the reminder from the database and
        // its tick activates the grain. Should the restart outlast the deadline, the tick comes one reminder
        // period later (Orleans does not replay missed ticks), so the wait allows for that.
        await Wait.ForAsync(
            async () => (await BreachesAsync()).Count > 0,
            "the first-response breach to be recorded by the new silo",
            TimeSpan.FromSeconds(firstResponseSeconds) + DeadlineReminders.RedeliveryPeriod + TimeSpan.FromSeconds(10));

        Assert.Equal([("restarted", "first_response")], await BreachesAsync());
        var view = await Ticket("restarted").GetAsync(Agent);
        Assert.True(view.Sla.FirstResponseBreachedAt >= opened.Sla.FirstResponseDueAt - TimeSpan.FromMilliseconds(60));
        Assert.Null(view.Sla.ResolutionBreachedAt);
    }

    /// <summary>The breaches recorded for this test's organization.</summary>
    private async Task<List<(string, string)>> BreachesAsync()
    {
        await using var dataSource = NpgsqlDataSource.Create(_silo.ConnectionString);
        await using var command = dataSource.CreateCommand(
            "SELECT ticket_id, kind FROM ticket_sla_breaches WHERE organization_id = $1 ORDER BY ticket_id, kind");
        command.Parameters.Add(new NpgsqlParameter<string> { TypedValue = _organization });
        await using var reader = await command.ExecuteReaderAsync();
        var rows = new List<(string, string)>();
        while (await reader.ReadAsync())
        {
            rows.Add((reader.GetString(0), reader.GetString(1)));
        }

        return rows;
    }

    /// <summary>The SLA reminders stored for a ticket: its grain id is "ticket/&lt;id&gt;".</summary>
    private async Task<long> StoredRemindersAsync(string ticketId)
    {
        await using var dataSource = NpgsqlDataSource.Create(_silo.ConnectionString);
        await using var command = dataSource.CreateCommand(
            "SELECT count(*) FROM grain_reminders WHERE service_id = $1 AND grain_id = $2 AND reminder_name = 'sla'");
        command.Parameters.Add(new NpgsqlParameter<string> { TypedValue = _silo.ServiceId });
        command.Parameters.Add(new NpgsqlParameter<string> { TypedValue = $"ticket/{ticketId}" });
        return (long)(await command.ExecuteScalarAsync())!;
    }
}
