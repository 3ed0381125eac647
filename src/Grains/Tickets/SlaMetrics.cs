using System.Diagnostics.Metrics;
using VetrAI.Grains.Telemetry;

namespace VetrAI.Grains.Tickets;

/// <summary>SLA breaches as tickets detect them.</summary>
internal sealed class SlaMetrics
{
    private static readonly KeyValuePair<string, object?> _firstResponse = new("vetrai.sla.kind", "first_response");
    private static readonly KeyValuePair<string, object?> _resolution = new("vetrai.sla.kind", "resolution");

    private readonly Counter<long> _breaches;

    public SlaMetrics(IMeterFactory meters)
    {
        ArgumentNullException.ThrowIfNull(meters);
        _breaches = meters.Create(VetrAIMeter.Name)
            .CreateCounter<long>("vetrai.ticket.sla_breaches", "{breach}", "SLA targets tickets missed, by target (first response or resolution).");
    }

    public void Breached(SlaBreachKind kind) => _breaches.Add(1, kind == SlaBreachKind.FirstResponse ? _firstResponse : _resolution);
}
