using VetrAI.Grains.Abstractions.Audit;

namespace VetrAI.Grains.Abstractions.Auth;

/// <summary>A single-use token the user grain issued for an email (a password reset, an email verification):
/// the token itself exists only here and in the email; the grain keeps its hash.</summary>
/// <param name="Token">The token to put in the link.</param>
/// <param name="ExpiresAt">When it stops working.</param>
/// <param name="UserId">The user it belongs to.</param>
/// <param name="OrganizationId">The user's organization (whose templates and branding the email uses).</param>
[GenerateSerializer, Immutable, Alias("vetrai.IssuedEmailToken")]
public sealed record IssuedEmailToken(string Token, DateTimeOffset ExpiresAt, string UserId, string? OrganizationId);

/// <summary>The result of asking for a new email-verification link.</summary>
/// <param name="Token">The token to email; null when nothing is to be sent: the address is verified already, the
/// user is deactivated, or too many links went out lately.</param>
/// <param name="RetryAfter">When too many links went out lately, how long until another may go.</param>
[GenerateSerializer, Immutable, Alias("vetrai.EmailVerificationOutcome")]
public sealed record EmailVerificationOutcome(IssuedEmailToken? Token, TimeSpan? RetryAfter = null);

/// <summary>Asks for a password-reset email for an address, whether or not an account has it.</summary>
/// <param name="LinkBaseUrl">The public URL the link in the email starts with.</param>
/// <param name="Actor">The request it comes from.</param>
[GenerateSerializer, Immutable, Alias("vetrai.RequestPasswordResetCommand")]
public sealed record RequestPasswordResetCommand(string LinkBaseUrl, ActorContext Actor);

/// <summary>Sets a new password with a reset token.</summary>
/// <param name="Token">The token from the email.</param>
/// <param name="NewPassword">Must follow <see cref="Users.PasswordPolicy"/>.</param>
/// <param name="Actor">The request it comes from.</param>
[GenerateSerializer, Immutable, Alias("vetrai.ResetPasswordCommand")]
public sealed record ResetPasswordCommand(string Token, string NewPassword, ActorContext Actor);

/// <summary>Marks the address verified with a verification token.</summary>
[GenerateSerializer, Immutable, Alias("vetrai.VerifyEmailCommand")]
public sealed record VerifyEmailCommand(string Token, ActorContext Actor);

/// <summary>The second step of a sign-in with MFA on.</summary>
/// <param name="MfaToken">The token the first step answered.</param>
/// <param name="Code">A 6-digit TOTP code, or null.</param>
/// <param name="RecoveryCode">One of the recovery codes, or null (exactly one of the two is given).</param>
/// <param name="Session">The access token to record for the new session.</param>
/// <param name="Actor">The request it comes from.</param>
[GenerateSerializer, Immutable, Alias("vetrai.MfaSignInCommand")]
public sealed record MfaSignInCommand(string MfaToken, string? Code, string? RecoveryCode, SessionRequest Session, ActorContext Actor);

/// <summary>Checks a second factor and, when it is good, opens a session (the password was checked before).</summary>
[GenerateSerializer, Immutable, Alias("vetrai.SecondFactorCommand")]
public sealed record SecondFactorCommand(string? Code, string? RecoveryCode, SessionRequest Session, ActorContext Actor);

/// <summary>A new, not yet enabled TOTP secret.</summary>
/// <param name="Secret">The shared secret, base32 (what authenticator apps accept typed in).</param>
/// <param name="OtpauthUri">The <c>otpauth://totp/...</c> URI (what a QR code carries).</param>
[GenerateSerializer, Immutable, Alias("vetrai.TotpSetup")]
public sealed record TotpSetup(string Secret, string OtpauthUri);

/// <summary>Turns MFA on with a code from the authenticator set up last.</summary>
[GenerateSerializer, Immutable, Alias("vetrai.EnableTotpCommand")]
public sealed record EnableTotpCommand(string Code, ActorContext Actor);

/// <summary>Turns MFA off: the password and a current code (or a recovery code).</summary>
[GenerateSerializer, Immutable, Alias("vetrai.DisableTotpCommand")]
public sealed record DisableTotpCommand(string Password, string Code, ActorContext Actor);

/// <summary>One session (refresh-token family) of a user, as the user sees it.</summary>
/// <param name="Id">The session id (the <c>sid</c> claim of its access tokens).</param>
/// <param name="CreatedAt">When the user signed in.</param>
/// <param name="LastUsedAt">When a token of the session was last issued (sign-in or refresh).</param>
/// <param name="ClientAddress">The IP address it was last used from.</param>
/// <param name="UserAgent">The user agent it was last used with.</param>
[GenerateSerializer, Immutable, Alias("vetrai.SessionInfo")]
public sealed record SessionInfo(string Id, DateTimeOffset CreatedAt, DateTimeOffset LastUsedAt, string? ClientAddress, string? UserAgent);

/// <summary>Ends one session of the user.</summary>
[GenerateSerializer, Immutable, Alias("vetrai.EndSessionCommand")]
public sealed record EndSessionCommand(string SessionId, ActorContext Actor);
