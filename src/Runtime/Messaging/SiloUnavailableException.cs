namespace VetrAI.Runtime;

/// <summary>A grain call could not be delivered: no silo owns the grain now, or its owner could
/// not be reached before the call's timeout. The call did not run, unless the message says the
/// connection broke after it was sent.</summary>
public sealed class SiloUnavailableException : Exception
{
    /// <summary>Creates the exception.</summary>
    public SiloUnavailableException() { }

    /// <summary>Creates the exception.</summary>
    public SiloUnavailableException(string message) : base(message) { }

    /// <summary>Creates the exception.</summary>
    public SiloUnavailableException(string message, Exception innerException) : base(message, innerException) { }
}
