using VetrAI.Grains.Abstractions.Tickets;
using VetrAI.Grains.Tickets;

namespace VetrAI.Grains.Tests.Tickets;

public sealed class SlaClockTests
{
    private static readonly DateTimeOffset T0 = new(2026, 1, 1, 9, 0, 0, TimeSpan.Zero);
    private static readonly SlaTarget Target = new(FirstResponseSeconds: 3600, ResolutionSeconds: 4 * 3600);

    [Fact]
    public void Nothing_is_breached_before_the_first_deadline()
    {
        var sla = SlaClock.Start(T0, Target);

        var (after, breaches) = SlaClock.Evaluate(sla, T0, T0.AddMinutes(59));

        Assert.Empty(breaches);
        Assert.Equal(sla, after);
        Assert.Equal(T0.AddHours(1), SlaClock.NextDeadline(sla, T0));
    }

    [Fact]
    public void An_unanswered_ticket_breaches_first_response_then_resolution_once_each()
    {
        var sla = SlaClock.Start(T0, Target);

        (sla, var first) = SlaClock.Evaluate(sla, T0, T0.AddHours(1));
        Assert.Equal([(SlaBreachKind.FirstResponse, T0.AddHours(1))], first);
        Assert.Equal(T0.AddHours(4), SlaClock.NextDeadline(sla, T0));

        (sla, var again) = SlaClock.Evaluate(sla, T0, T0.AddHours(2));
        Assert.Empty(again);

        (sla, var second) = SlaClock.Evaluate(sla, T0, T0.AddHours(5));
        Assert.Equal([(SlaBreachKind.Resolution, T0.AddHours(4))], second);
        Assert.Null(SlaClock.NextDeadline(sla, T0));
        Assert.True(SlaClock.View(sla, T0, TicketStatus.Open).Breached);
    }

    [Fact]
    public void A_reply_in_time_prevents_the_first_response_breach()
    {
        var sla = SlaClock.RecordFirstResponse(SlaClock.Start(T0, Target), T0.AddMinutes(30));

        var (_, breaches) = SlaClock.Evaluate(sla, T0, T0.AddHours(2));

        Assert.Empty(breaches);
    }

    [Fact]
    public void Pending_pauses_the_resolution_clock_and_moves_its_due_time()
    {
        var sla = SlaClock.RecordFirstResponse(SlaClock.Start(T0, Target), T0.AddMinutes(10));
        sla = SlaClock.Pause(sla, T0.AddHours(1));

        Assert.Null(SlaClock.NextDeadline(sla, T0));
        Assert.Null(SlaClock.View(sla, T0, TicketStatus.Pending).ResolutionDueAt);
        Assert.Empty(SlaClock.Evaluate(sla, T0, T0.AddHours(10)).Breaches);

        sla = SlaClock.Resume(sla, T0.AddHours(11));

        Assert.Equal(T0.AddHours(14), SlaClock.ResolutionDueAt(sla, T0));
        Assert.Empty(SlaClock.Evaluate(sla, T0, T0.AddHours(13)).Breaches);
        Assert.Single(SlaClock.Evaluate(sla, T0, T0.AddHours(14)).Breaches);
    }

    [Fact]
    public void Pausing_twice_counts_the_pause_once()
    {
        var sla = SlaClock.Pause(SlaClock.Pause(SlaClock.Start(T0, Target), T0.AddHours(1)), T0.AddHours(2));
        sla = SlaClock.Resume(SlaClock.Resume(sla, T0.AddHours(3)), T0.AddHours(4));

        Assert.Equal(T0.AddHours(6), SlaClock.ResolutionDueAt(sla, T0));
    }

    [Fact]
    public void A_breach_stays_recorded_when_the_target_moves_later()
    {
        var (sla, _) = SlaClock.Evaluate(SlaClock.Start(T0, Target), T0, T0.AddHours(1));

        sla = SlaClock.Retarget(sla, T0, new SlaTarget(24 * 3600, 168 * 3600));

        Assert.True(SlaClock.View(sla, T0, TicketStatus.Open).Breached);
        Assert.Equal(T0.AddHours(168), SlaClock.NextDeadline(sla, T0));
    }
}
