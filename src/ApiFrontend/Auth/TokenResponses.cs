using VetrAI.ApiFrontend.Users;
using VetrAI.Grains.Abstractions.Auth;

namespace VetrAI.ApiFrontend.Auth;

/// <summary>Signs the access token of a session the user grain opened and builds the token answer.</summary>
internal sealed class TokenResponses(AccessTokens accessTokens)
{
    public SessionRequest NewSessionRequest() => accessTokens.NewSessionRequest();

    public TokenResponse Create(IssuedSession session, SessionRequest request)
        => new(
            UserResponse.From(session.User),
            accessTokens.Sign(session, request),
            session.RefreshToken,
            "bearer",
            accessTokens.LifetimeSeconds);
}
