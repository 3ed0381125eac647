namespace VetrAI.Grains.Notifications.Sms;

/// <summary>Sends one SMS through the provider (Twilio). Three outcomes: <see cref="SmsResult.Sent"/> (the provider
/// accepted it: keep <see cref="SmsResult.MessageSid"/>), a permanent failure (a <see cref="SmsResult"/> with the
/// provider's error code and message: retrying cannot help), or a <see cref="SmsTransientException"/> (retry later).</summary>
/// <remarks>
/// Twilio's Messages API has no idempotency keys: a request whose answer is lost (timeout, 5xx, connection reset)
/// may have sent the message. Never sending twice is the caller's part: the notification inbox records the attempt
/// before calling and its outcome after, and retries only after a <see cref="SmsTransientException"/> whose
/// <see cref="SmsTransientException.MayHaveBeenSent"/> is false. The key is logged with every attempt, so that a
/// message can be traced to its delivery.
/// </remarks>
public interface ISmsSender
{
    /// <summary>Sends <paramref name="body"/> to <paramref name="to"/> (E.164, e.g. +15551234567) from the
    /// configured number.</summary>
    /// <param name="to">The recipient, in E.164 form.</param>
    /// <param name="body">The text; Twilio takes at most 1600 characters.</param>
    /// <param name="idempotencyKey">The caller's identity of this delivery, the same on every retry of it (logged).</param>
    /// <param name="cancellationToken">Cancels the request to Twilio.</param>
    /// <exception cref="SmsTransientException">Twilio answered 5xx or 429, did not answer in time, or could not be
    /// reached: retry later.</exception>
    Task<SmsResult> SendAsync(string to, string body, string idempotencyKey, CancellationToken cancellationToken);
}
