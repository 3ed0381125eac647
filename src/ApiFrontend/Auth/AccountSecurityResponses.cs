using VetrAI.Grains.Abstractions.Auth;

namespace VetrAI.ApiFrontend.Auth;

/// <summary><c>POST /login</c> with MFA on: no tokens yet, the second step's token.</summary>
public sealed record MfaChallengeResponse(bool MfaRequired, string MfaToken, int ExpiresIn);

/// <summary><c>POST /mfa/totp/setup</c>.</summary>
public sealed record TotpSetupResponse(string Secret, string OtpauthUri);

/// <summary><c>POST /mfa/totp/enable</c>: the recovery codes, shown this once.</summary>
public sealed record RecoveryCodesResponse(IReadOnlyList<string> RecoveryCodes);

/// <summary>One session in <c>GET /sessions</c>.</summary>
public sealed record SessionResponse(string Id, DateTimeOffset CreatedAt, DateTimeOffset LastUsedAt, string? Ip, string? UserAgent, bool Current)
{
    public static SessionResponse From(SessionInfo session, string? currentSessionId)
    {
        ArgumentNullException.ThrowIfNull(session);
        return new SessionResponse(
            session.Id,
            session.CreatedAt,
            session.LastUsedAt,
            session.ClientAddress,
            session.UserAgent,
            string.Equals(session.Id, currentSessionId, StringComparison.Ordinal));
    }
}

/// <summary><c>GET /sessions</c>: every open session (at most a few dozen, so not paged).</summary>
public sealed record SessionListResponse(IReadOnlyList<SessionResponse> Items);
