using System.Diagnostics.Metrics;
using VetrAI.Grains.Telemetry;

namespace VetrAI.Grains.Notifications;

/// <summary>Email and SMS delivery attempts by channel and how they ended.</summary>
internal sealed class DeliveryMetrics
{
    private readonly Counter<long> _deliveries;

    public DeliveryMetrics(IMeterFactory meters)
    {
        ArgumentNullException.ThrowIfNull(meters);
        _deliveries = meters.Create(VetrAIMeter.Name).CreateCounter<long>(
            "vetrai.notification.deliveries", "{delivery}", "Email and SMS delivery attempts, by channel and outcome (sent, retry, failed).");
    }

    /// <summary><paramref name="outcome"/>: <c>sent</c>, <c>retry</c> (tried again later) or <c>failed</c> (given up).</summary>
    public void Attempted(string channel, string outcome) =>
        _deliveries.Add(1, new KeyValuePair<string, object?>("vetrai.notification.channel", channel), new KeyValuePair<string, object?>("vetrai.notification.outcome", outcome));
}
