namespace VetrAI.Grains.Abstractions.Errors;

/// <summary>Base of the errors a grain reports on purpose; the front end turns each kind into one HTTP
/// status. The message is shown to the client. Subclasses keep a (string message) constructor so the
/// runtime can recreate them after a remote call.</summary>
public abstract class DomainException : Exception
{
    /// <summary>Creates the exception.</summary>
    protected DomainException(string message) : base(message) { }

    /// <summary>Creates the exception.</summary>
    protected DomainException(string message, Exception innerException) : base(message, innerException) { }

    /// <summary>Creates the exception.</summary>
    protected DomainException() { }
}

/// <summary>Missing, or belonging to another organization (HTTP 404).</summary>
public sealed class NotFoundException : DomainException
{
    /// <summary>Creates the exception.</summary>
    public NotFoundException(string message) : base(message) { }

    /// <summary>Creates the exception.</summary>
    public NotFoundException(string message, Exception innerException) : base(message, innerException) { }

    /// <summary>Creates the exception.</summary>
    public NotFoundException() { }
}

/// <summary>The request conflicts with the current state (HTTP 409).</summary>
public sealed class ConflictException : DomainException
{
    /// <summary>Creates the exception.</summary>
    public ConflictException(string message) : base(message) { }

    /// <summary>Creates the exception.</summary>
    public ConflictException(string message, Exception innerException) : base(message, innerException) { }

    /// <summary>Creates the exception.</summary>
    public ConflictException() { }
}

/// <summary>The caller may not do this (HTTP 403).</summary>
public sealed class ForbiddenException : DomainException
{
    /// <summary>Creates the exception.</summary>
    public ForbiddenException(string message) : base(message) { }

    /// <summary>Creates the exception.</summary>
    public ForbiddenException(string message, Exception innerException) : base(message, innerException) { }

    /// <summary>Creates the exception.</summary>
    public ForbiddenException() { }
}

/// <summary>The input is invalid; nothing changed (HTTP 400).</summary>
public sealed class InvalidInputException : DomainException
{
    /// <summary>Creates the exception.</summary>
    public InvalidInputException(string message) : base(message) { }

    /// <summary>Creates the exception.</summary>
    public InvalidInputException(string message, Exception innerException) : base(message, innerException) { }

    /// <summary>Creates the exception.</summary>
    public InvalidInputException() { }
}
