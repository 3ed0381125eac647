using System.Text.Json.Serialization;
using VetrAI.Grains.ReadModels;
using VetrAI.Grains.Abstractions.Users;

namespace VetrAI.Grains.Users;

/// <summary>The stored state of a user grain. Index columns: tenant = organization, status = active |
/// invited | inactive, so that user lists are indexed SQL.</summary>
internal sealed record UserState : IIndexedState
{
    public string Id { get; init; } = "";

    public string Email { get; init; } = "";

    public string NormalizedEmail { get; init; } = "";

    public string FullName { get; init; } = "";

    /// <summary>PasswordHasher output; null while the user is invited.</summary>
    public string? PasswordHash { get; init; }

    public IReadOnlyList<string> Roles { get; init; } = [];

    public string? OrganizationId { get; init; }

    public bool Active { get; init; } = true;

    /// <summary>Goes up whenever every outstanding token must die at once (deactivation); it is the <c>sv</c> claim.</summary>
    public long SecurityVersion { get; init; } = 1;

    public InvitationState? Invitation { get; init; }

    public IReadOnlyList<SessionState> Sessions { get; init; } = [];

    /// <summary>Access tokens revoked before their expiry (jti -> expiry), dropped once expired.</summary>
    public IReadOnlyDictionary<string, DateTimeOffset> RevokedAccessTokens { get; init; } = new Dictionary<string, DateTimeOffset>();

    public DateTimeOffset CreatedAt { get; init; }

    public DateTimeOffset UpdatedAt { get; init; }

    /// <summary>When the user proved the address theirs; null while unverified.</summary>
    public DateTimeOffset? EmailVerifiedAt { get; init; }

    /// <summary>The outstanding email-verification token (only the newest works).</summary>
    public EmailTokenState? EmailVerification { get; init; }

    /// <summary>When verification emails were sent, inside the limit's window.</summary>
    public IReadOnlyList<DateTimeOffset> EmailVerificationsSent { get; init; } = [];

    /// <summary>The outstanding password-reset token (only the newest works).</summary>
    public EmailTokenState? PasswordReset { get; init; }

    /// <summary>TOTP: the secret in force and the one being set up, encrypted; null when never set up.</summary>
    public MfaState? Mfa { get; init; }

    [JsonPropertyName("index")]
    public StateIndex Index => new(Id, OrganizationId, Status, CreatedAt);

    public string Status => !Active ? "inactive" : PasswordHash is null ? "invited" : "active";

    public bool MfaEnabled => Mfa?.Secret is not null;

    public UserInfo ToInfo() => new(
        Id, Email, FullName, Roles, OrganizationId, Active, PasswordHash is null, CreatedAt, EmailVerifiedAt is not null, MfaEnabled);
}

/// <summary>A refresh-token family: one sign-in and every token rotated from it.</summary>
/// <param name="Id">The session id, the <c>sid</c> claim of its access tokens.</param>
/// <param name="CreatedAt">When the user signed in.</param>
/// <param name="ExpiresAt">When the current refresh token stops working (7 days after its issue).</param>
/// <param name="CurrentTokenHash">SHA-256 of the only refresh token that may be used now.</param>
/// <param name="RotatedTokenHashes">Hashes of tokens already used; presenting one again revokes the session.</param>
/// <param name="RevokedAt">When the session was revoked, or null.</param>
/// <param name="LastAccessTokenId">The newest access token issued in the session.</param>
/// <param name="LastAccessTokenExpiresAt">Its expiry.</param>
/// <param name="LastUsedAt">When a token of the session was last issued (null in sessions stored before it was kept).</param>
/// <param name="ClientAddress">The IP address of that request.</param>
/// <param name="UserAgent">The user agent of that request.</param>
internal sealed record SessionState(
    string Id,
    DateTimeOffset CreatedAt,
    DateTimeOffset ExpiresAt,
    string CurrentTokenHash,
    IReadOnlyList<string> RotatedTokenHashes,
    DateTimeOffset? RevokedAt,
    string LastAccessTokenId,
    DateTimeOffset LastAccessTokenExpiresAt,
    DateTimeOffset? LastUsedAt = null,
    string? ClientAddress = null,
    string? UserAgent = null);

/// <summary>An outstanding invitation: the hash of its token and its expiry.</summary>
internal sealed record InvitationState(string TokenHash, DateTimeOffset ExpiresAt);

/// <summary>An outstanding single-use token sent by email: the hash of its secret part and its expiry.</summary>
internal sealed record EmailTokenState(string TokenHash, DateTimeOffset ExpiresAt);

/// <summary>The user's TOTP authenticator.</summary>
/// <param name="Secret">The secret in force (encrypted, see <c>TotpSecretProtector</c>); null while MFA is off.</param>
/// <param name="PendingSecret">A secret set up but not yet confirmed with a code (encrypted).</param>
/// <param name="EnabledAt">When MFA was turned on.</param>
/// <param name="LastUsedTimeStep">The 30-second step of the last accepted code: a code is good once.</param>
/// <param name="RecoveryCodeHashes">SHA-256 of the recovery codes not used yet.</param>
internal sealed record MfaState(
    string? Secret,
    string? PendingSecret,
    DateTimeOffset? EnabledAt,
    long LastUsedTimeStep,
    IReadOnlyList<string> RecoveryCodeHashes);
