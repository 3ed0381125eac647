namespace VetrAI.Grains.ObjectStorage;

/// <summary>An upload was longer than its limit; nothing was stored.</summary>
public sealed class ObjectTooLargeException : Exception
{
    /// <summary>Creates the exception for an upload over <paramref name="maxBytes"/>.</summary>
    public ObjectTooLargeException(long maxBytes) : base($"The file is larger than the limit of {maxBytes} bytes.") => MaxBytes = maxBytes;

    /// <summary>Creates the exception.</summary>
    public ObjectTooLargeException(string message) : base(message) { }

    /// <summary>Creates the exception.</summary>
    public ObjectTooLargeException() { }

    /// <summary>Creates the exception.</summary>
    public ObjectTooLargeException(string message, Exception innerException) : base(message, innerException) { }

    /// <summary>The limit that was exceeded.</summary>
    public long MaxBytes { get; }
}
