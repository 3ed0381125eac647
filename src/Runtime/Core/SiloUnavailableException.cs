namespace VetrAI.Runtime;

/// <summary>The silo that should run a call is stopping (or not started) and takes no new activations.
/// Callers may retry: another silo, or this one after a restart, will serve the grain.</summary>
public sealed class SiloUnavailableException : Exception
{
    /// <summary>Creates the exception.</summary>
    public SiloUnavailableException(string message) : base(message) { }

    /// <summary>Creates the exception.</summary>
    public SiloUnavailableException() { }

    /// <summary>Creates the exception.</summary>
    public SiloUnavailableException(string message, Exception innerException) : base(message, innerException) { }
}
