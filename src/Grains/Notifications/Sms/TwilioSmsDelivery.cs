namespace VetrAI.Grains.Notifications.Sms;

/// <summary>SMS deliveries through <see cref="ISmsSender"/> (Twilio). Twilio has no idempotency keys, so a failure
/// after which the message may have gone out is not retried: the delivery ends failed, saying so, rather than risk
/// a second message. Only failures that certainly sent nothing (refused connection, 429) are retried.</summary>
internal sealed class TwilioSmsDelivery(ISmsSender sender) : ISmsDelivery
{
    public async Task<DeliveryOutcome> SendAsync(string notificationId, string to, string text, CancellationToken cancellationToken)
    {
        try
        {
            var result = await sender.SendAsync(to, text, notificationId, cancellationToken);
            return result.Sent
                ? DeliveryOutcome.Sent
                : DeliveryOutcome.GiveUp(result.ErrorCode is { } code ? $"Twilio error {code}: {result.ErrorMessage}" : result.ErrorMessage ?? "SMS failed");
        }
        catch (SmsTransientException exception) when (!exception.MayHaveBeenSent)
        {
            return DeliveryOutcome.RetryLater(exception.Message);
        }
        catch (SmsTransientException exception)
        {
            return DeliveryOutcome.GiveUp($"{exception.Message} The provider may have sent it, so it is not sent again.");
        }
    }
}
