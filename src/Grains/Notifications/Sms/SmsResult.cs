namespace VetrAI.Grains.Notifications.Sms;

/// <summary>What became of one SMS: accepted by the provider (<see cref="Sent"/>, with its message sid and the
/// status it reported, e.g. <c>queued</c>), or failed for good with the provider's error (e.g. Twilio 21211, "The
/// 'To' number ... is not a valid phone number.").</summary>
public sealed record SmsResult
{
    /// <summary>The message of the failure reported when no Twilio account is configured.</summary>
    public const string NotConfiguredMessage = "SMS not configured: " + TwilioOptions.AccountSidSetting + " is not set";

    private SmsResult(bool sent, string? messageSid, string? providerStatus, int? errorCode, string? errorMessage)
    {
        Sent = sent;
        MessageSid = messageSid;
        ProviderStatus = providerStatus;
        ErrorCode = errorCode;
        ErrorMessage = errorMessage;
    }

    /// <summary>True when the provider accepted the message; false when it failed permanently.</summary>
    public bool Sent { get; }

    /// <summary>The provider's id of the message (Twilio <c>SM...</c>), when sent.</summary>
    public string? MessageSid { get; }

    /// <summary>The provider's status of the message when it answered (<c>queued</c>, <c>accepted</c>, ...).</summary>
    public string? ProviderStatus { get; }

    /// <summary>The provider's error code (Twilio's, e.g. 21610), when failed; null when SMS is not configured.</summary>
    public int? ErrorCode { get; }

    /// <summary>The provider's error message, when failed.</summary>
    public string? ErrorMessage { get; }

    public static SmsResult Accepted(string messageSid, string providerStatus) => new(true, messageSid, providerStatus, null, null);

    public static SmsResult Failed(int? errorCode, string errorMessage) => new(false, null, null, errorCode, errorMessage);

    public static SmsResult NotConfigured { get; } = Failed(null, NotConfiguredMessage);
}
