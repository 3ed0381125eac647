namespace VetrAI.Runtime;

/// <summary>A remote grain call failed with an exception whose type this process cannot recreate;
/// the original type name and message are kept.</summary>
public sealed class GrainCallException : Exception
{
    /// <summary>Creates the exception.</summary>
    public GrainCallException(string originalType, string message) : base(message) => OriginalType = originalType;

    /// <summary>Creates the exception.</summary>
    public GrainCallException() : this("", "") { }

    /// <summary>Creates the exception.</summary>
    public GrainCallException(string message) : this("", message) { }

    /// <summary>Creates the exception.</summary>
    public GrainCallException(string message, Exception innerException) : base(message, innerException) => OriginalType = "";

    /// <summary>The full name of the exception type thrown by the grain.</summary>
    public string OriginalType { get; }
}
