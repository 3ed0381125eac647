namespace VetrAI.Grains.Abstractions.Errors;

/// <summary>Base of the errors a grain reports on purpose. Each subclass stands for one HTTP status, which
/// the front end's single exception handler applies; the message is shown to the client as it is, so it
/// must say what went wrong without revealing another tenant's data. Every subclass is
/// <c>[GenerateSerializer]</c>, so it reaches a caller on another silo or a client with its type and message.</summary>
[GenerateSerializer, Alias("vetrai.DomainException")]
public abstract class DomainException : Exception
{
    /// <summary>Creates the exception.</summary>
    protected DomainException(string message) : base(message) { }

    /// <summary>Creates the exception.</summary>
    protected DomainException(string message, Exception innerException) : base(message, innerException) { }

    /// <summary>Creates the exception.</summary>
    protected DomainException() { }
}

/// <summary>The thing does not exist, or belongs to another organization (HTTP 404).</summary>
[GenerateSerializer, Alias("vetrai.NotFoundException")]
public sealed class NotFoundException : DomainException
{
    /// <summary>Creates the exception.</summary>
    public NotFoundException(string message) : base(message) { }

    /// <summary>Creates the exception.</summary>
    public NotFoundException(string message, Exception innerException) : base(message, innerException) { }

    /// <summary>Creates the exception.</summary>
    public NotFoundException() { }
}

/// <summary>The request conflicts with the current state: a duplicate email or slug, a stale update (HTTP 409).</summary>
[GenerateSerializer, Alias("vetrai.ConflictException")]
public sealed class ConflictException : DomainException
{
    /// <summary>Creates the exception.</summary>
    public ConflictException(string message) : base(message) { }

    /// <summary>Creates the exception.</summary>
    public ConflictException(string message, Exception innerException) : base(message, innerException) { }

    /// <summary>Creates the exception.</summary>
    public ConflictException() { }
}

/// <summary>The caller is known but not allowed to do this, or a limit of the plan forbids it (HTTP 403).</summary>
[GenerateSerializer, Alias("vetrai.ForbiddenException")]
public sealed class ForbiddenException : DomainException
{
    /// <summary>Creates the exception.</summary>
    public ForbiddenException(string message) : base(message) { }

    /// <summary>Creates the exception.</summary>
    public ForbiddenException(string message, Exception innerException) : base(message, innerException) { }

    /// <summary>Creates the exception.</summary>
    public ForbiddenException() { }
}

/// <summary>The input is invalid; nothing was changed (HTTP 400).</summary>
[GenerateSerializer, Alias("vetrai.InvalidInputException")]
public sealed class InvalidInputException : DomainException
{
    /// <summary>Creates the exception.</summary>
    public InvalidInputException(string message) : base(message) { }

    /// <summary>Creates the exception.</summary>
    public InvalidInputException(string message, Exception innerException) : base(message, innerException) { }

    /// <summary>Creates the exception.</summary>
    public InvalidInputException() { }
}

/// <summary>The credentials or token presented are not (or no longer) valid (HTTP 401).</summary>
[GenerateSerializer, Alias("vetrai.UnauthenticatedException")]
public sealed class UnauthenticatedException : DomainException
{
    /// <summary>Creates the exception.</summary>
    public UnauthenticatedException(string message) : base(message) { }

    /// <summary>Creates the exception.</summary>
    public UnauthenticatedException(string message, Exception innerException) : base(message, innerException) { }

    /// <summary>Creates the exception.</summary>
    public UnauthenticatedException() { }
}

/// <summary>The request body or upload is larger than allowed (HTTP 413).</summary>
[GenerateSerializer, Alias("vetrai.PayloadTooLargeException")]
public sealed class PayloadTooLargeException : DomainException
{
    /// <summary>Creates the exception.</summary>
    public PayloadTooLargeException(string message) : base(message) { }

    /// <summary>Creates the exception.</summary>
    public PayloadTooLargeException(string message, Exception innerException) : base(message, innerException) { }

    /// <summary>Creates the exception.</summary>
    public PayloadTooLargeException() { }
}

/// <summary>The service cannot answer right now (starting, stopping, a dependency down); retry later (HTTP 503).</summary>
[GenerateSerializer, Alias("vetrai.ServiceUnavailableException")]
public sealed class ServiceUnavailableException : DomainException
{
    /// <summary>Creates the exception.</summary>
    public ServiceUnavailableException(string message) : base(message) { }

    /// <summary>Creates the exception.</summary>
    public ServiceUnavailableException(string message, Exception innerException) : base(message, innerException) { }

    /// <summary>Creates the exception.</summary>
    public ServiceUnavailableException() { }
}
