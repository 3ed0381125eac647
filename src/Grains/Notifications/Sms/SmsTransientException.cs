namespace VetrAI.Grains.Notifications.Sms;

/// <summary>The SMS may be sent by a later attempt: the provider answered 5xx or 429, did not answer in time, or could
/// not be reached.</summary>
public sealed class SmsTransientException : Exception
{
    public SmsTransientException()
    {
    }

    public SmsTransientException(string message)
        : base(message)
    {
    }

    public SmsTransientException(string message, Exception? innerException)
        : base(message, innerException)
    {
    }

    public SmsTransientException(string message, Exception? innerException, int? httpStatus, int? errorCode, bool mayHaveBeenSent)
        : base(message, innerException)
    {
        HttpStatus = httpStatus;
        ErrorCode = errorCode;
        MayHaveBeenSent = mayHaveBeenSent;
    }

    /// <summary>The provider's HTTP status, when it answered.</summary>
    public int? HttpStatus { get; }

    /// <summary>The provider's error code, when it gave one (e.g. Twilio 20429, 20500).</summary>
    public int? ErrorCode { get; }

    /// <summary>Whether the request may have reached the provider and been carried out (a timeout, a 5xx): false only
    /// when it certainly was not (connection refused, unknown host, 429).</summary>
    public bool MayHaveBeenSent { get; }
}
