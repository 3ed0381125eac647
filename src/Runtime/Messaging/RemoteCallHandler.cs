namespace VetrAI.Runtime.Messaging;

/// <summary>Runs calls that arrived from other silos: forwards once to the owner when this silo's view
/// says the grain lives elsewhere, otherwise runs it on the local activation. Every failure is answered
/// as an exception response; nothing escapes to the transport.</summary>
internal sealed class RemoteCallHandler(GrainInterfaceRegistry interfaces, GrainCallRouter router) : IRemoteCallHandler
{
    public async Task<RemoteCallResponse> HandleAsync(RemoteCallRequest request, CancellationToken cancellationToken)
    {
        try
        {
            if (request.Hops == 0 && router.Placement.GetOwner(request.Target) is { } owner && router.Sender is { } sender)
            {
                return await sender.SendAsync(owner, request with { Hops = request.Hops + 1 }, cancellationToken);
            }

            var grainInterface = interfaces.Find(request.Interface)
                ?? throw new InvalidOperationException($"Grain interface {request.Interface} is not known to this silo.");
            var method = grainInterface.FindMethod(request.Method)
                ?? throw new InvalidOperationException($"Grain interface {request.Interface} has no method {request.Method}.");
            return await method.HandleRemoteAsync(request, cancellationToken);
        }
        catch (Exception ex)
        {
            return RemoteExceptions.ToResponse(ex);
        }
    }
}
