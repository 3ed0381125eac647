using Microsoft.Extensions.Logging;
using VetrAI.Runtime.Placement;

namespace VetrAI.Runtime.Messaging;

/// <summary>Decides what a silo does with a call that arrived on its cluster port: run it here, or,
/// when this silo's view says another silo owns the grain (views differ for a moment after a
/// membership change), forward it once. A forwarded call is always run where it lands, so a call
/// is never bounced between silos whose views disagree.</summary>
internal sealed partial class ClusterCallDispatcher(
    IPlacementDirector placement,
    IRemoteCallHandler handler,
    IRemoteCallSender sender,
    ILogger<ClusterCallDispatcher> logger)
{
    public Task<RemoteCallResponse> DispatchAsync(RemoteCallRequest request, CancellationToken cancellationToken)
    {
        if (request.Hops == 0 && placement.GetOwner(request.Target) is { } owner)
        {
            LogForwarding(logger, request.Target, owner);
            return sender.SendAsync(owner, request with { Hops = 1 }, cancellationToken);
        }

        return handler.HandleAsync(request, cancellationToken);
    }

    [LoggerMessage(Level = LogLevel.Debug, Message = "Forwarding a call for {Grain} to its owner {Owner}")]
    private static partial void LogForwarding(ILogger logger, GrainId grain, SiloAddress owner);
}
