using VetrAI.Grains.Abstractions.Audit;
using VetrAI.Grains.Abstractions.Users;

namespace VetrAI.Grains.Abstractions.Auth;

/// <summary>The access token the front end is about to sign for a session, so that the user grain can
/// revoke exactly that token later (logout, reuse of a rotated refresh token, deactivation).</summary>
/// <param name="AccessTokenId">The token's <c>jti</c>.</param>
/// <param name="AccessTokenExpiresAt">The token's <c>exp</c>.</param>
[GenerateSerializer, Immutable, Alias("vetrai.SessionRequest")]
public sealed record SessionRequest(string AccessTokenId, DateTimeOffset AccessTokenExpiresAt);

/// <summary>A session opened or continued by the user grain: what the front end needs to sign the access
/// token, and the new refresh token (shown to the client once; only its hash is kept).</summary>
/// <param name="User">The user as of now.</param>
/// <param name="SecurityVersion">The user's security version, the access token's <c>sv</c> claim.</param>
/// <param name="SessionId">The refresh-token family, the access token's <c>sid</c> claim.</param>
/// <param name="RefreshToken">The new opaque refresh token.</param>
/// <param name="RefreshTokenExpiresAt">When the refresh token stops working.</param>
[GenerateSerializer, Immutable, Alias("vetrai.IssuedSession")]
public sealed record IssuedSession(
    UserInfo User,
    long SecurityVersion,
    string SessionId,
    string RefreshToken,
    DateTimeOffset RefreshTokenExpiresAt);

/// <summary>How a sign-in ended.</summary>
[GenerateSerializer, Alias("vetrai.SignInStatus")]
public enum SignInStatus
{
    /// <summary>The password was right; a session was opened.</summary>
    Succeeded,

    /// <summary>Unknown address, wrong password, or a user without a password yet (the same answer for all).</summary>
    InvalidCredentials,

    /// <summary>The password was right but the user is deactivated.</summary>
    Deactivated,

    /// <summary>Too many recent failures for this address; <see cref="SignInOutcome.RetryAfter"/> says how long to wait.</summary>
    Throttled,

    /// <summary>The password was right and the user has MFA on: no session yet; the second step needs
    /// <see cref="SignInOutcome.MfaToken"/> and a code.</summary>
    MfaRequired,

    /// <summary>The MFA token of a second step is unknown, used or expired (nothing was checked).</summary>
    InvalidMfaToken,
}

/// <summary>Signs in with a password.</summary>
/// <param name="Password">The password presented.</param>
/// <param name="Session">The access token to record for the new session.</param>
/// <param name="Actor">The request it comes from.</param>
[GenerateSerializer, Immutable, Alias("vetrai.SignInCommand")]
public sealed record SignInCommand(string Password, SessionRequest Session, ActorContext Actor);

/// <summary>The result of a sign-in.</summary>
/// <param name="Status">How it ended.</param>
/// <param name="Session">The new session when <see cref="SignInStatus.Succeeded"/>.</param>
/// <param name="RetryAfter">The wait when <see cref="SignInStatus.Throttled"/>.</param>
/// <param name="MfaToken">The second step's single-use token when <see cref="SignInStatus.MfaRequired"/>.</param>
/// <param name="MfaTokenExpiresAt">When that token stops working.</param>
[GenerateSerializer, Immutable, Alias("vetrai.SignInOutcome")]
public sealed record SignInOutcome(
    SignInStatus Status,
    IssuedSession? Session,
    TimeSpan? RetryAfter,
    string? MfaToken = null,
    DateTimeOffset? MfaTokenExpiresAt = null);

/// <summary>Exchanges a refresh token for a new one (rotation) in the same session.</summary>
/// <param name="RefreshToken">The presented refresh token.</param>
/// <param name="Session">The new access token to record.</param>
/// <param name="Actor">The request it comes from.</param>
[GenerateSerializer, Immutable, Alias("vetrai.RefreshCommand")]
public sealed record RefreshCommand(string RefreshToken, SessionRequest Session, ActorContext Actor);

/// <summary>Ends a session: the access token presented and the session's refresh tokens stop working.</summary>
/// <param name="AccessTokenId">The presented access token's <c>jti</c>.</param>
/// <param name="AccessTokenExpiresAt">Its expiry: the revocation is kept until then.</param>
/// <param name="SessionId">The access token's session (<c>sid</c>), if it has one.</param>
/// <param name="RefreshToken">A refresh token given in the body; its session is revoked too.</param>
/// <param name="Actor">The request it comes from.</param>
[GenerateSerializer, Immutable, Alias("vetrai.LogoutCommand")]
public sealed record LogoutCommand(
    string AccessTokenId,
    DateTimeOffset AccessTokenExpiresAt,
    string? SessionId,
    string? RefreshToken,
    ActorContext Actor);

/// <summary>What a valid access token may do right now: the user's current organization and roles
/// (which win over the token's claims, so a role change or a deactivation applies at once).</summary>
[GenerateSerializer, Immutable, Alias("vetrai.AccessGrant")]
public sealed record AccessGrant(string UserId, string? OrganizationId, IReadOnlyList<string> Roles);

/// <summary>Changes the password of the signed-in user.</summary>
/// <param name="CurrentPassword">Must match the stored one.</param>
/// <param name="NewPassword">Must follow <see cref="PasswordPolicy"/>.</param>
/// <param name="CurrentSessionId">The session that asks; every other session is revoked.</param>
/// <param name="Actor">The request it comes from.</param>
[GenerateSerializer, Immutable, Alias("vetrai.ChangePasswordCommand")]
public sealed record ChangePasswordCommand(string CurrentPassword, string NewPassword, string? CurrentSessionId, ActorContext Actor);

/// <summary>Sets the first password of an invited user and opens a session.</summary>
/// <param name="InvitationToken">The token from the invitation email.</param>
/// <param name="Password">Must follow <see cref="PasswordPolicy"/>.</param>
/// <param name="Session">The access token to record.</param>
/// <param name="Actor">The request it comes from.</param>
[GenerateSerializer, Immutable, Alias("vetrai.AcceptInvitationCommand")]
public sealed record AcceptInvitationCommand(string InvitationToken, string Password, SessionRequest Session, ActorContext Actor);
