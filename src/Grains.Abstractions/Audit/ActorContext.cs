
namespace VetrAI.Grains.Abstractions.Audit;

/// <summary>Who asks a grain to change something, and in which request: grains never see HTTP, so commands
/// that leave an audit trail carry this. The front end builds it from the authenticated caller
/// (<c>Caller.Actor</c>) or, for anonymous requests, from the request alone.</summary>
/// <param name="UserId">The acting user, or null for anonymous requests and the system itself.</param>
/// <param name="RequestId">The request's <c>X-Request-Id</c>, or null outside a request.</param>
/// <param name="ClientAddress">The client's IP address when known.</param>
/// <param name="UserAgent">The client's <c>User-Agent</c> when known (shortened, control characters removed).</param>
[GenerateSerializer, Immutable, Alias("vetrai.ActorContext")]
public sealed record ActorContext(string? UserId, string? RequestId, string? ClientAddress, string? UserAgent = null)
{
    /// <summary>The platform acting on its own (bootstrap, reminders, background work).</summary>
    public static ActorContext System { get; } = new(null, null, null);
}
