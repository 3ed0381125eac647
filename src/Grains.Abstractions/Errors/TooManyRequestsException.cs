namespace VetrAI.Grains.Abstractions.Errors;

/// <summary>Too many requests; try again later (HTTP 429 with a <c>Retry-After</c> header).
/// Only the message survives a remote call, so a grain that knows the exact wait returns it in its
/// result and the front end throws this with <see cref="RetryAfter"/> set; without it the front end
/// answers with <see cref="DefaultRetryAfter"/>.</summary>
[GenerateSerializer, Alias("vetrai.TooManyRequestsException")]
public sealed class TooManyRequestsException : DomainException
{
    /// <summary>The wait announced when none is known.</summary>
    public static readonly TimeSpan DefaultRetryAfter = TimeSpan.FromSeconds(60);

    /// <summary>Creates the exception.</summary>
    public TooManyRequestsException(string message, TimeSpan retryAfter) : base(message) => RetryAfter = retryAfter;

    /// <summary>Creates the exception.</summary>
    public TooManyRequestsException(string message) : base(message) { }

    /// <summary>Creates the exception.</summary>
    public TooManyRequestsException(string message, Exception innerException) : base(message, innerException) { }

    /// <summary>Creates the exception.</summary>
    public TooManyRequestsException() { }

    /// <summary>How long the client should wait, when known.</summary>
    [Id(0)]
    public TimeSpan? RetryAfter { get; private set; }
}
