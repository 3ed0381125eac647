using VetrAI.Grains.Abstractions.Audit;
using VetrAI.Grains.Abstractions.Auth;

namespace VetrAI.Grains.Abstractions.Users;

/// <summary>One user: profile, password hash, roles, organization, refresh-token families (sessions) and the
/// access tokens revoked before their expiry. The single owner of everything that decides whether the user's
/// tokens are good, so a revocation applies at once on every front end. Key: the user id.
/// The user grain never calls other grains; multi-grain workflows (registration, deletion) are run by the caller.</summary>
[Alias(TypeName)]
public interface IUserGrain : IGrainWithStringKey
{
    /// <summary>The grain type name, also the <c>grain_type</c> of its rows in <c>grain_state</c>.</summary>
    const string TypeName = "user";

    /// <summary>Creates the user.</summary>
    /// <exception cref="Errors.ConflictException">The user already exists.</exception>
    /// <exception cref="Errors.InvalidInputException">A field is invalid.</exception>
    Task<CreatedUser> CreateAsync(CreateUserCommand command);

    /// <summary>The user.</summary>
    /// <exception cref="Errors.NotFoundException">The user does not exist.</exception>
    [ReadOnly]
    Task<UserInfo> GetAsync();

    /// <summary>Whether the user exists. Interleaves with everything so that index grains can ask while the
    /// user is busy (never a wait cycle).</summary>
    [AlwaysInterleave]
    Task<bool> ExistsAsync();

    /// <summary>Checks the password; on success opens a session. Audits success and failure.</summary>
    Task<SignInOutcome> SignInAsync(SignInCommand command);

    /// <summary>Rotates a refresh token. A token that was already rotated revokes its whole session.</summary>
    /// <exception cref="Errors.UnauthenticatedException">The token is unknown, expired, revoked or reused.</exception>
    Task<IssuedSession> RefreshAsync(RefreshCommand command);

    /// <summary>Revokes the presented access token and the session's refresh tokens.</summary>
    Task LogoutAsync(LogoutCommand command);

    /// <summary>Whether an access token (its <c>jti</c>, <c>sid</c> and <c>sv</c> claims) is still good, and if so
    /// what it may do now; null when the token or its session was revoked, the security version is outdated, or
    /// the user is inactive or gone. Called on every authenticated request; answers from memory.</summary>
    [ReadOnly]
    Task<AccessGrant?> AuthorizeAccessAsync(string accessTokenId, string? sessionId, long securityVersion);

    /// <summary>Changes the password and revokes every other session.</summary>
    /// <exception cref="Errors.InvalidInputException">The current password is wrong or the new one breaks the policy.</exception>
    Task ChangePasswordAsync(ChangePasswordCommand command);

    /// <summary>Checks a TOTP or recovery code after a right password (the sign-in grain calls it) and, when
    /// it is good, opens a session. A TOTP code is accepted once; a recovery code is used up.</summary>
    Task<SignInOutcome> VerifySecondFactorAsync(SecondFactorCommand command);

    /// <summary>Issues a password-reset token (replacing any earlier one); null when the user cannot reset
    /// (deactivated, or invited without a password yet).</summary>
    Task<IssuedEmailToken?> IssuePasswordResetAsync(ActorContext actor);

    /// <summary>Sets a new password with a reset token and ends every session.</summary>
    /// <exception cref="Errors.InvalidInputException">The token is wrong, used or expired, or the password breaks the policy.</exception>
    Task ResetPasswordAsync(ResetPasswordCommand command);

    /// <summary>Issues an email-verification token (replacing any earlier one); none when already verified, and
    /// none but a wait when too many were issued lately (by default at most 3 an hour, registration's included).</summary>
    Task<EmailVerificationOutcome> IssueEmailVerificationAsync(ActorContext actor);

    /// <summary>Marks the address verified.</summary>
    /// <exception cref="Errors.InvalidInputException">The token is wrong, used or expired.</exception>
    Task VerifyEmailAsync(VerifyEmailCommand command);

    /// <summary>Makes a new TOTP secret (not in force until <see cref="EnableTotpAsync"/>).</summary>
    /// <exception cref="Errors.ConflictException">MFA is already on.</exception>
    Task<TotpSetup> SetUpTotpAsync(ActorContext actor);

    /// <summary>Turns MFA on with a code of the secret set up last; returns the 10 recovery codes (shown once).</summary>
    /// <exception cref="Errors.InvalidInputException">No setup, or the code is wrong.</exception>
    Task<IReadOnlyList<string>> EnableTotpAsync(EnableTotpCommand command);

    /// <summary>Turns MFA off.</summary>
    /// <exception cref="Errors.InvalidInputException">The password or the code is wrong, or MFA is off.</exception>
    Task DisableTotpAsync(DisableTotpCommand command);

    /// <summary>Whether the password and, with MFA on and a code given, the code (TOTP or recovery) are the user's:
    /// the sign-in gate's check when a signed-in user confirms a grave change (never
    /// <see cref="ReauthenticationStatus.Throttled"/>; the gate answers that). Changes nothing (a code is not used
    /// up); audits a wrong password or code.</summary>
    /// <exception cref="Errors.NotFoundException">The user does not exist.</exception>
    [ReadOnly]
    Task<ReauthenticationStatus> CheckCredentialsAsync(ReauthenticationCommand command);

    /// <summary>The user's open sessions, newest first.</summary>
    [ReadOnly]
    Task<IReadOnlyList<SessionInfo>> ListSessionsAsync();

    /// <summary>Ends one session: its refresh token and its access tokens stop working.</summary>
    /// <exception cref="Errors.NotFoundException">No open session has that id.</exception>
    Task EndSessionAsync(EndSessionCommand command);

    /// <summary>Sets the first password of an invited user and opens a session.</summary>
    /// <exception cref="Errors.UnauthenticatedException">The invitation token is wrong, used or expired.</exception>
    Task<IssuedSession> AcceptInvitationAsync(AcceptInvitationCommand command);

    /// <summary>Changes roles, active flag or name. Deactivation revokes every token at once.</summary>
    /// <exception cref="Errors.NotFoundException">The user does not exist.</exception>
    Task<UserInfo> UpdateAsync(UpdateUserCommand command);

    /// <summary>Makes a user without an organization a member of one (with the given roles).</summary>
    /// <exception cref="Errors.ConflictException">The user already belongs to an organization.</exception>
    Task<UserInfo> JoinOrganizationAsync(JoinOrganizationCommand command);

    /// <summary>Deactivates the user because their organization was deleted. Idempotent.</summary>
    Task DeactivateForDeletedOrganizationAsync(ActorContext actor);

    /// <summary>Deletes the user; every token stops working.</summary>
    /// <exception cref="Errors.NotFoundException">The user does not exist.</exception>
    Task<DeletedUser> DeleteAsync(ActorContext actor);

    /// <summary>Creates or repairs the bootstrap super admin (see <see cref="EnsureSuperAdminCommand"/>). Idempotent.</summary>
    Task<UserInfo> EnsureSuperAdminAsync(EnsureSuperAdminCommand command);

    /// <summary>Everything the user grain holds about the user, for the user's data export.</summary>
    /// <exception cref="Errors.NotFoundException">The user does not exist.</exception>
    [ReadOnly]
    Task<UserExport> ExportAsync();

    /// <summary>Whether <paramref name="password"/> is the user's password (false for an invited or missing user).
    /// Changes nothing; for confirmations of grave requests (account erasure) by a signed-in user.</summary>
    [ReadOnly]
    Task<bool> CheckPasswordAsync(string password);

    /// <summary>Erases the user's personal data: the whole record goes (email, name, password hash, sessions,
    /// organization and roles), so every token stops working at once and sign-in fails. Idempotent: a user
    /// already erased answers <see cref="ErasedUser.Erased"/> false. The caller has confirmed the request.</summary>
    Task<ErasedUser> EraseAsync(EraseUserCommand command);
}
