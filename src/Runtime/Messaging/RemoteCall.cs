namespace VetrAI.Runtime.Messaging;

/// <summary>A grain call in the form that crosses processes. Arguments and result are UTF-8 JSON
/// written with the silo's serializer options (source-generated metadata where registered).</summary>
/// <param name="Target">The grain called.</param>
/// <param name="Interface">The grain interface's full name.</param>
/// <param name="Method">The method's name on that interface (overloads are not allowed on grain interfaces).</param>
/// <param name="Arguments">A JSON array of the arguments, CancellationToken parameters left out.</param>
/// <param name="Hops">How many times the call was already forwarded; a silo forwards a call at most once.</param>
/// <param name="TimeoutMilliseconds">What is left of the caller's call timeout.</param>
internal sealed record RemoteCallRequest(GrainId Target, string Interface, string Method, byte[] Arguments, int Hops, int TimeoutMilliseconds);

/// <summary>The outcome of a remote call: a JSON result (null for a void method) or the exception's
/// type and message, which the caller turns back into an exception of the same type where it can.</summary>
internal sealed record RemoteCallResponse(byte[]? Result, string? ExceptionType, string? ExceptionMessage);

/// <summary>Runs a call that arrived from another process on a local activation. Implemented by the
/// activation layer; used by the cluster endpoint.</summary>
internal interface IRemoteCallHandler
{
    Task<RemoteCallResponse> HandleAsync(RemoteCallRequest request, CancellationToken cancellationToken);
}

/// <summary>Sends a call to another silo. Implemented by the cluster transport.</summary>
internal interface IRemoteCallSender
{
    Task<RemoteCallResponse> SendAsync(SiloAddress silo, RemoteCallRequest request, CancellationToken cancellationToken);
}
