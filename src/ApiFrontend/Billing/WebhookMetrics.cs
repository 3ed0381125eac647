using System.Diagnostics.Metrics;
using VetrAI.Grains.Telemetry;

namespace VetrAI.ApiFrontend.Billing;

/// <summary>Stripe webhook events by what became of them.</summary>
internal sealed class WebhookMetrics
{
    private readonly Counter<long> _events;

    public WebhookMetrics(IMeterFactory meters)
    {
        ArgumentNullException.ThrowIfNull(meters);
        _events = meters.Create(VetrAIMeter.Name).CreateCounter<long>(
            "vetrai.stripe.webhooks", "{event}", "Stripe webhook events received, by outcome (applied, duplicate, ignored, rejected).");
    }

    /// <summary><paramref name="outcome"/>: the receipt's outcome, or <c>rejected</c> for a bad signature or body.</summary>
    public void Received(string outcome) => _events.Add(1, new KeyValuePair<string, object?>("vetrai.webhook.outcome", outcome));
}
