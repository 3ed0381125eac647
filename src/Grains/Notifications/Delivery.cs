namespace VetrAI.Grains.Notifications;

/// <summary>How one delivery attempt ended.</summary>
internal enum DeliveryResult
{
    /// <summary>The provider accepted the message.</summary>
    Sent,

    /// <summary>It may work later (the server is down, busy or answered a temporary error).</summary>
    Retry,

    /// <summary>It will never work (a rejected address, nothing configured).</summary>
    Failed,
}

/// <summary>The outcome of a delivery attempt and the provider's words about it.</summary>
internal sealed record DeliveryOutcome(DeliveryResult Result, string? Error)
{
    public static DeliveryOutcome Sent { get; } = new(DeliveryResult.Sent, null);

    public static DeliveryOutcome RetryLater(string error) => new(DeliveryResult.Retry, error);

    public static DeliveryOutcome GiveUp(string error) => new(DeliveryResult.Failed, error);
}

/// <summary>An email ready to send: the text and HTML parts were rendered when the notification was made.</summary>
internal sealed record OutgoingEmail(string MessageId, string To, string Subject, string Text, string Html);

/// <summary>Sends email (MailKit over SMTP in production).</summary>
internal interface IEmailDelivery
{
    Task<DeliveryOutcome> SendAsync(OutgoingEmail email, CancellationToken cancellationToken);
}

/// <summary>Sends SMS (Twilio in production).</summary>
internal interface ISmsDelivery
{
    Task<DeliveryOutcome> SendAsync(string notificationId, string to, string text, CancellationToken cancellationToken);
}
