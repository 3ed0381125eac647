using VetrAI.ApiFrontend.Auth;
using VetrAI.Grains.Abstractions.Audit;

namespace VetrAI.ApiFrontend.Requests;

/// <summary>The <see cref="ActorContext"/> grain commands carry for the audit trail.</summary>
public static class RequestActor
{
    /// <summary>The authenticated caller's actor, or an anonymous one with this request's id and client address.</summary>
    public static ActorContext GetActor(this HttpContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        return context.Features.Get<Caller>()?.Actor
            ?? new ActorContext(null, context.TraceIdentifier, context.Connection.RemoteIpAddress?.ToString());
    }
}
