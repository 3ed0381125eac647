namespace VetrAI.Grains.Notifications;

/// <summary>SMS while no provider is configured: every delivery ends failed, saying so.</summary>
internal sealed class UnconfiguredSmsDelivery : ISmsDelivery
{
    public Task<DeliveryOutcome> SendAsync(string notificationId, string to, string text, CancellationToken cancellationToken) =>
        Task.FromResult(DeliveryOutcome.GiveUp("SMS is not configured (VETRAI_TWILIO_ACCOUNT_SID)."));
}
