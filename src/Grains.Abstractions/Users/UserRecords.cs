using VetrAI.Grains.Abstractions.Audit;
using VetrAI.Grains.Abstractions.Auth;

namespace VetrAI.Grains.Abstractions.Users;

/// <summary>A user as grains and the front end see it (never the password hash or tokens).</summary>
/// <param name="Id">The user's id (the grain key).</param>
/// <param name="Email">The address as the user typed it.</param>
/// <param name="FullName">Display name.</param>
/// <param name="Roles">The user's roles (<see cref="Auth.Roles"/>).</param>
/// <param name="OrganizationId">The user's organization; null for a super admin or a user who registered without one.</param>
/// <param name="Active">False once deactivated: no sign-in, every token rejected.</param>
/// <param name="Invited">True while the user has no password yet (invited, invitation not accepted).</param>
/// <param name="CreatedAt">When the user was created (UTC).</param>
/// <param name="EmailVerified">True once the user proved the address is theirs (a verification link, an accepted invitation).</param>
/// <param name="MfaEnabled">True while signing in needs a TOTP or recovery code after the password.</param>
[GenerateSerializer, Immutable, Alias("vetrai.UserInfo")]
public sealed record UserInfo(
    string Id,
    string Email,
    string FullName,
    IReadOnlyList<string> Roles,
    string? OrganizationId,
    bool Active,
    bool Invited,
    DateTimeOffset CreatedAt,
    bool EmailVerified = false,
    bool MfaEnabled = false);

/// <summary>Creates a user. The email must already be reserved for the user in its <see cref="IEmailIndexGrain"/>,
/// and, with an organization, the user must already be one of its members.</summary>
/// <param name="Email">A valid address (<see cref="EmailAddresses.IsValid"/>).</param>
/// <param name="FullName">Display name, 1 to 200 characters.</param>
/// <param name="Password">The password; null invites the user (an invitation token is returned).</param>
/// <param name="Roles">Known roles, at least one.</param>
/// <param name="OrganizationId">The organization, or null.</param>
/// <param name="SelfRegistered">True for <c>POST /register</c> (audited as <c>user.registered</c>), false when an admin creates the user.</param>
/// <param name="Session">Opens a session at once when given (registration).</param>
/// <param name="Actor">Who creates the user.</param>
[GenerateSerializer, Immutable, Alias("vetrai.CreateUserCommand")]
public sealed record CreateUserCommand(
    string Email,
    string FullName,
    string? Password,
    IReadOnlyList<string> Roles,
    string? OrganizationId,
    bool SelfRegistered,
    SessionRequest? Session,
    ActorContext Actor);

/// <summary>The result of <see cref="IUserGrain.CreateAsync"/>.</summary>
/// <param name="User">The new user.</param>
/// <param name="Session">The session, when one was asked for.</param>
/// <param name="InvitationToken">The invitation token (only here, only once) when the user was created without a password.</param>
/// <param name="InvitationExpiresAt">When the invitation stops working.</param>
[GenerateSerializer, Immutable, Alias("vetrai.CreatedUser")]
public sealed record CreatedUser(UserInfo User, IssuedSession? Session, string? InvitationToken, DateTimeOffset? InvitationExpiresAt);

/// <summary>Changes a user; null fields stay as they are.</summary>
/// <param name="Roles">New roles.</param>
/// <param name="Active">Deactivate (false) or reactivate (true).</param>
/// <param name="FullName">New display name.</param>
/// <param name="Actor">Who changes it.</param>
[GenerateSerializer, Immutable, Alias("vetrai.UpdateUserCommand")]
public sealed record UpdateUserCommand(IReadOnlyList<string>? Roles, bool? Active, string? FullName, ActorContext Actor);

/// <summary>Puts a user without an organization into one (the user created it).</summary>
[GenerateSerializer, Immutable, Alias("vetrai.JoinOrganizationCommand")]
public sealed record JoinOrganizationCommand(string OrganizationId, IReadOnlyList<string> Roles, ActorContext Actor);

/// <summary>Creates the super admin configured for the platform, or brings an existing one back to the
/// configured state (super admin role, active, the configured password).</summary>
[GenerateSerializer, Immutable, Alias("vetrai.EnsureSuperAdminCommand")]
public sealed record EnsureSuperAdminCommand(string Email, string FullName, string Password);

/// <summary>What <see cref="IUserGrain.DeleteAsync"/> removed, for the caller to release the user's index entries.</summary>
/// <param name="NormalizedEmail">The email index key to release.</param>
/// <param name="OrganizationId">The organization whose member list to update.</param>
[GenerateSerializer, Immutable, Alias("vetrai.DeletedUser")]
public sealed record DeletedUser(string NormalizedEmail, string? OrganizationId);
