using VetrAI.Grains.Abstractions.Tickets;

namespace VetrAI.Grains.Tickets;

/// <summary>Which SLA target a ticket missed.</summary>
internal enum SlaBreachKind
{
    FirstResponse,
    Resolution,
}

/// <summary>The SLA clocks of one ticket. The first-response clock runs from creation until the first
/// public agent reply. The resolution clock runs from creation and stops while the ticket waits on the
/// requester (pending) or is resolved; its due time moves later by the time it was stopped.</summary>
internal static class SlaClock
{
    public static SlaState Start(DateTimeOffset createdAt, SlaTarget target) => new()
    {
        FirstResponseDueAt = createdAt.AddSeconds(target.FirstResponseSeconds),
        ResolutionTargetSeconds = target.ResolutionSeconds,
    };

    /// <summary>New targets (a priority or policy change) apply from the ticket's creation; a breach
    /// already detected stays recorded.</summary>
    public static SlaState Retarget(SlaState sla, DateTimeOffset createdAt, SlaTarget target) => sla with
    {
        FirstResponseDueAt = createdAt.AddSeconds(target.FirstResponseSeconds),
        ResolutionTargetSeconds = target.ResolutionSeconds,
    };

    public static SlaState RecordFirstResponse(SlaState sla, DateTimeOffset now) =>
        sla.FirstRespondedAt is null ? sla with { FirstRespondedAt = now } : sla;

    public static SlaState Pause(SlaState sla, DateTimeOffset now) =>
        sla.PausedSince is null ? sla with { PausedSince = now } : sla;

    public static SlaState Resume(SlaState sla, DateTimeOffset now) =>
        sla.PausedSince is { } since
            ? sla with { PausedSince = null, PausedTicks = sla.PausedTicks + Math.Max(0, (now - since).Ticks) }
            : sla;

    /// <summary>When resolution is due if the clock is running now (the due time as of the last stop otherwise).</summary>
    public static DateTimeOffset ResolutionDueAt(SlaState sla, DateTimeOffset createdAt) =>
        createdAt.AddSeconds(sla.ResolutionTargetSeconds).AddTicks(sla.PausedTicks);

    /// <summary>The earliest deadline that can still be missed, or null when none can.</summary>
    public static DateTimeOffset? NextDeadline(SlaState sla, DateTimeOffset createdAt)
    {
        DateTimeOffset? next = null;
        if (sla.FirstRespondedAt is null && sla.FirstResponseBreachedAt is null)
        {
            next = sla.FirstResponseDueAt;
        }

        if (sla.PausedSince is null && sla.ResolutionBreachedAt is null)
        {
            var resolution = ResolutionDueAt(sla, createdAt);
            next = next is null || resolution < next ? resolution : next;
        }

        return next;
    }

    /// <summary>Marks every target missed by <paramref name="now"/>; returns the new state and the breaches
    /// detected now (none when evaluated again: detection is idempotent).</summary>
    public static (SlaState Sla, IReadOnlyList<(SlaBreachKind Kind, DateTimeOffset DueAt)> Breaches) Evaluate(
        SlaState sla, DateTimeOffset createdAt, DateTimeOffset now)
    {
        var breaches = new List<(SlaBreachKind, DateTimeOffset)>(2);
        if (sla.FirstRespondedAt is null && sla.FirstResponseBreachedAt is null && now >= sla.FirstResponseDueAt)
        {
            breaches.Add((SlaBreachKind.FirstResponse, sla.FirstResponseDueAt));
            sla = sla with { FirstResponseBreachedAt = now };
        }

        var resolutionDue = ResolutionDueAt(sla, createdAt);
        if (sla.PausedSince is null && sla.ResolutionBreachedAt is null && now >= resolutionDue)
        {
            breaches.Add((SlaBreachKind.Resolution, resolutionDue));
            sla = sla with { ResolutionBreachedAt = now };
        }

        return (sla, breaches);
    }

    public static TicketSlaView View(SlaState sla, DateTimeOffset createdAt, TicketStatus status) => new(
        sla.FirstResponseDueAt,
        sla.FirstRespondedAt,
        status == TicketStatus.Pending ? null : ResolutionDueAt(sla, createdAt),
        sla.FirstResponseBreachedAt is not null || sla.ResolutionBreachedAt is not null,
        sla.FirstResponseBreachedAt,
        sla.ResolutionBreachedAt);
}
