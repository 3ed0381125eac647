using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.Options;
using VetrAI.Grains.Abstractions.Audit;
using VetrAI.Grains.Abstractions.Auth;
using VetrAI.Grains.Abstractions.Errors;
using VetrAI.Grains.Abstractions.Users;
using VetrAI.Grains.Audit;
using VetrAI.Grains.Users.Mfa;

namespace VetrAI.Grains.Users;

internal sealed partial class UserGrain(
    [PersistentState(UserGrain.StateName)] IPersistentState<UserState> state,
    IPasswordHasher<UserState> passwordHasher,
    IAuditLog auditLog,
    TimeProvider timeProvider,
    IOptions<UserOptions> options,
    TotpSecretProtector totpSecrets,
    IOptions<MfaOptions> mfaOptions) : Grain, IUserGrain
{
    /// <summary>The storage name of this grain's state; the read models list rows by it.</summary>
    public const string StateName = "user";

    private const string NotFoundMessage = "User not found.";
    private readonly UserOptions _options = options.Value;

    private DateTimeOffset Now => timeProvider.GetUtcNow();

    private string Target => $"user:{this.GetPrimaryKeyString()}";

    public async Task<CreatedUser> CreateAsync(CreateUserCommand command)
    {
        ArgumentNullException.ThrowIfNull(command);
        if (state.RecordExists)
        {
            throw new ConflictException("The user already exists.");
        }

        UserRules.ValidateEmail(command.Email);
        UserRules.ValidateFullName(command.FullName);
        UserRules.ValidateRoles(command.Roles);
        if (command.Password is not null)
        {
            UserRules.ValidatePassword(command.Password, command.Email, "password");
        }

        var now = Now;
        var next = new UserState
        {
            Id = this.GetPrimaryKeyString(),
            Email = command.Email.Trim(),
            NormalizedEmail = EmailAddresses.Normalize(command.Email),
            FullName = command.FullName.Trim(),
            Roles = command.Roles.Distinct(StringComparer.Ordinal).ToList(),
            OrganizationId = command.OrganizationId,
            CreatedAt = now,
            UpdatedAt = now,
        };

        string? invitationToken = null;
        DateTimeOffset? invitationExpiresAt = null;
        if (command.Password is null)
        {
            var (token, hash) = TokenFormat.Create(next.Id);
            invitationToken = token;
            invitationExpiresAt = now + _options.InvitationLifetime;
            next = next with { Invitation = new InvitationState(hash, invitationExpiresAt.Value) };
        }
        else
        {
            next = next with { PasswordHash = passwordHasher.HashPassword(next, command.Password) };
        }

        IssuedSession? session = null;
        if (command.Session is not null && next.PasswordHash is not null)
        {
            (next, session) = OpenSession(next, command.Session, command.Actor, now);
        }

        state.State = next;
        await state.WriteStateAsync();
        await AuditAsync(
            command.SelfRegistered ? AuditActions.UserRegistered : AuditActions.UserCreated,
            command.Actor,
            new Dictionary<string, string?>
            {
                ["email"] = next.Email,
                ["roles"] = string.Join(',', next.Roles),
                ["invited"] = (next.PasswordHash is null).ToString().ToLowerInvariant(),
            });
        return new CreatedUser(next.ToInfo(), session, invitationToken, invitationExpiresAt);
    }

    public Task<UserInfo> GetAsync() => Task.FromResult(Existing().ToInfo());

    public Task<bool> ExistsAsync() => Task.FromResult(state.RecordExists);

    public async Task<SignInOutcome> SignInAsync(SignInCommand command)
    {
        ArgumentNullException.ThrowIfNull(command);
        if (!state.RecordExists || state.State.PasswordHash is null)
        {
            UserRules.SpendHashingTime(passwordHasher, command.Password);
            if (state.RecordExists)
            {
                await AuditAsync(AuditActions.LoginFailed, command.Actor, Reason("no_password"));
            }

            return new SignInOutcome(SignInStatus.InvalidCredentials, null, null);
        }

        var current = state.State;
        var verification = passwordHasher.VerifyHashedPassword(current, current.PasswordHash!, command.Password);
        if (verification == PasswordVerificationResult.Failed)
        {
            await AuditAsync(AuditActions.LoginFailed, command.Actor, Reason("wrong_password"));
            return new SignInOutcome(SignInStatus.InvalidCredentials, null, null);
        }

        if (!current.Active)
        {
            await AuditAsync(AuditActions.LoginFailed, command.Actor, Reason("deactivated"));
            return new SignInOutcome(SignInStatus.Deactivated, null, null);
        }

        var now = Now;
        var next = current with { UpdatedAt = now };
        if (verification == PasswordVerificationResult.SuccessRehashNeeded)
        {
            next = next with { PasswordHash = passwordHasher.HashPassword(next, command.Password) };
        }

        if (next.MfaEnabled)
        {
            // The password was right; the session waits for the second factor (the sign-in grain's MFA token).
            // Nothing changed unless the hash was upgraded.
            if (verification == PasswordVerificationResult.SuccessRehashNeeded)
            {
                state.State = next;
                await state.WriteStateAsync();
            }

            return new SignInOutcome(SignInStatus.MfaRequired, null, null);
        }

        (next, var session) = OpenSession(next, command.Session, command.Actor, now);
        state.State = next;
        await state.WriteStateAsync();
        await AuditAsync(AuditActions.LoginSucceeded, command.Actor);
        return new SignInOutcome(SignInStatus.Succeeded, session, null);
    }

    public async Task<IssuedSession> RefreshAsync(RefreshCommand command)
    {
        ArgumentNullException.ThrowIfNull(command);
        if (!state.RecordExists
            || !TokenFormat.TryParse(command.RefreshToken, out var userId, out var secret)
            || !string.Equals(userId, this.GetPrimaryKeyString(), StringComparison.Ordinal))
        {
            throw new UnauthenticatedException(UserRules.InvalidRefreshTokenMessage);
        }

        var now = Now;
        var current = state.State;
        var (session, reused) = SessionBook.Find(current, TokenFormat.HashSecret(secret));
        if (session is null && reused is not null)
        {
            // A used token came back: either the client is confused or it was stolen. The legitimate holder and
            // the thief share the family, so the whole family goes.
            if (reused.RevokedAt is null)
            {
                state.State = SessionBook.RevokeWhere(current, s => s.Id == reused.Id, now) with { UpdatedAt = now };
                await state.WriteStateAsync();
                await AuditAsync(AuditActions.RefreshTokenReused, command.Actor, new Dictionary<string, string?> { ["session_id"] = reused.Id });
            }

            throw new UnauthenticatedException("Refresh token was already used; the session has been revoked. Sign in again.");
        }

        if (session is null || session.RevokedAt is not null || session.ExpiresAt <= now || !current.Active)
        {
            throw new UnauthenticatedException(UserRules.InvalidRefreshTokenMessage);
        }

        var (next, rotated, token) = SessionBook.Rotate(current, session, command.Session, command.Actor, now, _options);
        state.State = next with { UpdatedAt = now };
        await state.WriteStateAsync();
        return new IssuedSession(next.ToInfo(), next.SecurityVersion, rotated.Id, token, rotated.ExpiresAt);
    }

    public async Task LogoutAsync(LogoutCommand command)
    {
        ArgumentNullException.ThrowIfNull(command);
        if (!state.RecordExists)
        {
            return;
        }

        var now = Now;
        var next = SessionBook.RevokeAccessToken(state.State, command.AccessTokenId, command.AccessTokenExpiresAt, now);
        string? bodySessionId = null;
        if (TokenFormat.TryParse(command.RefreshToken, out var userId, out var secret)
            && string.Equals(userId, this.GetPrimaryKeyString(), StringComparison.Ordinal))
        {
            var (current, _) = SessionBook.Find(next, TokenFormat.HashSecret(secret));
            bodySessionId = current?.Id;
        }

        next = SessionBook.RevokeWhere(next, s => s.Id == command.SessionId || s.Id == bodySessionId, now) with { UpdatedAt = now };
        state.State = next;
        await state.WriteStateAsync();
        await AuditAsync(AuditActions.Logout, command.Actor, new Dictionary<string, string?> { ["session_id"] = command.SessionId });
    }

    public Task<AccessGrant?> AuthorizeAccessAsync(string accessTokenId, string? sessionId, long securityVersion)
    {
        if (!state.RecordExists)
        {
            return Task.FromResult<AccessGrant?>(null);
        }

        var current = state.State;
        var now = Now;
        if (!current.Active
            || current.SecurityVersion != securityVersion
            || current.RevokedAccessTokens.TryGetValue(accessTokenId, out var until) && until > now)
        {
            return Task.FromResult<AccessGrant?>(null);
        }

        if (sessionId is not null)
        {
            // A session that is gone expired long after its last access token did; a revoked one takes every
            // access token it ever issued with it.
            var session = current.Sessions.FirstOrDefault(s => string.Equals(s.Id, sessionId, StringComparison.Ordinal));
            if (session is null || session.RevokedAt is not null)
            {
                return Task.FromResult<AccessGrant?>(null);
            }
        }

        return Task.FromResult<AccessGrant?>(new AccessGrant(current.Id, current.OrganizationId, current.Roles));
    }

    public async Task ChangePasswordAsync(ChangePasswordCommand command)
    {
        ArgumentNullException.ThrowIfNull(command);
        var current = Existing();
        if (!IsPassword(current, command.CurrentPassword))
        {
            throw new InvalidInputException("current_password is incorrect.");
        }

        UserRules.ValidatePassword(command.NewPassword, current.Email, "new_password");
        if (string.Equals(command.NewPassword, command.CurrentPassword, StringComparison.Ordinal))
        {
            throw new InvalidInputException("new_password must differ from current_password.");
        }

        var now = Now;
        var next = SessionBook.RevokeWhere(current, s => s.Id != command.CurrentSessionId, now);
        state.State = next with { PasswordHash = passwordHasher.HashPassword(current, command.NewPassword), UpdatedAt = now };
        await state.WriteStateAsync();
        await AuditAsync(AuditActions.UserPasswordChanged, command.Actor);
    }

    public async Task<IssuedSession> AcceptInvitationAsync(AcceptInvitationCommand command)
    {
        ArgumentNullException.ThrowIfNull(command);
        var now = Now;
        if (!state.RecordExists
            || state.State.Invitation is not { } invitation
            || invitation.ExpiresAt <= now
            || !TokenFormat.TryParse(command.InvitationToken, out var userId, out var secret)
            || !string.Equals(userId, this.GetPrimaryKeyString(), StringComparison.Ordinal)
            || !TokenFormat.HashesEqual(invitation.TokenHash, TokenFormat.HashSecret(secret)))
        {
            throw new UnauthenticatedException("The invitation token is invalid or has expired.");
        }

        var current = state.State;
        if (!current.Active)
        {
            throw new UnauthenticatedException("The invitation token is invalid or has expired.");
        }

        UserRules.ValidatePassword(command.Password, current.Email, "password");
        var next = current with
        {
            PasswordHash = passwordHasher.HashPassword(current, command.Password),
            Invitation = null,
            // The token came by email: accepting it proves the address.
            EmailVerifiedAt = current.EmailVerifiedAt ?? now,
            UpdatedAt = now,
        };
        (next, var session) = OpenSession(next, command.Session, command.Actor, now);
        state.State = next;
        await state.WriteStateAsync();
        await AuditAsync(AuditActions.UserInvitationAccepted, command.Actor);
        return session;
    }

    public async Task<UserInfo> UpdateAsync(UpdateUserCommand command)
    {
        ArgumentNullException.ThrowIfNull(command);
        var current = Existing();
        if (command.Roles is not null)
        {
            UserRules.ValidateRoles(command.Roles);
        }

        if (command.FullName is not null)
        {
            UserRules.ValidateFullName(command.FullName);
        }

        var now = Now;
        var next = current;
        var events = new List<(string Action, Dictionary<string, string?>? Details)>();
        if (command.Roles is not null)
        {
            var roles = command.Roles.Distinct(StringComparer.Ordinal).ToList();
            if (!roles.Order(StringComparer.Ordinal).SequenceEqual(current.Roles.Order(StringComparer.Ordinal), StringComparer.Ordinal))
            {
                next = next with { Roles = roles };
                events.Add((AuditActions.UserRolesChanged, new Dictionary<string, string?>
                {
                    ["old_roles"] = string.Join(',', current.Roles),
                    ["new_roles"] = string.Join(',', roles),
                }));
            }
        }

        if (command.FullName is not null && !string.Equals(command.FullName.Trim(), current.FullName, StringComparison.Ordinal))
        {
            next = next with { FullName = command.FullName.Trim() };
            events.Add((AuditActions.UserUpdated, new Dictionary<string, string?> { ["field"] = "full_name" }));
        }

        if (command.Active is { } active && active != current.Active)
        {
            if (active)
            {
                next = next with { Active = true };
                events.Add((AuditActions.UserReactivated, null));
            }
            else
            {
                next = Deactivate(next, now);
                events.Add((AuditActions.UserDeactivated, null));
            }
        }

        if (events.Count == 0)
        {
            return current.ToInfo();
        }

        state.State = next with { UpdatedAt = now };
        await state.WriteStateAsync();
        foreach (var (action, details) in events)
        {
            await AuditAsync(action, command.Actor, details);
        }

        return state.State.ToInfo();
    }

    public async Task<UserInfo> JoinOrganizationAsync(JoinOrganizationCommand command)
    {
        ArgumentNullException.ThrowIfNull(command);
        var current = Existing();
        if (current.OrganizationId is not null)
        {
            throw new ConflictException("The user already belongs to an organization.");
        }

        UserRules.ValidateRoles(command.Roles);
        var now = Now;
        state.State = current with
        {
            OrganizationId = command.OrganizationId,
            Roles = current.Roles.Union(command.Roles, StringComparer.Ordinal).ToList(),
            UpdatedAt = now,
        };
        await state.WriteStateAsync();
        await AuditAsync(AuditActions.UserJoinedOrganization, command.Actor, new Dictionary<string, string?>
        {
            ["roles"] = string.Join(',', state.State.Roles),
        });
        return state.State.ToInfo();
    }

    public async Task DeactivateForDeletedOrganizationAsync(ActorContext actor)
    {
        ArgumentNullException.ThrowIfNull(actor);
        if (!state.RecordExists || !state.State.Active)
        {
            return;
        }

        var now = Now;
        state.State = Deactivate(state.State, now) with { UpdatedAt = now };
        await state.WriteStateAsync();
        await AuditAsync(AuditActions.UserDeactivated, actor, Reason("organization_deleted"));
    }

    public async Task<DeletedUser> DeleteAsync(ActorContext actor)
    {
        ArgumentNullException.ThrowIfNull(actor);
        var current = Existing();
        await state.ClearStateAsync();
        await AuditAsync(AuditActions.UserDeleted, actor, new Dictionary<string, string?> { ["email"] = current.Email }, current.OrganizationId);
        DeactivateOnIdle();
        return new DeletedUser(current.NormalizedEmail, current.OrganizationId);
    }

    public async Task<UserInfo> EnsureSuperAdminAsync(EnsureSuperAdminCommand command)
    {
        ArgumentNullException.ThrowIfNull(command);
        var created = !state.RecordExists;
        if (created)
        {
            await CreateAsync(new CreateUserCommand(
                command.Email, command.FullName, command.Password, [Roles.SuperAdmin], null, false, null, ActorContext.System));
            await AuditAsync(AuditActions.SuperAdminBootstrapped, ActorContext.System);
        }

        // The operator configured the address: it needs no verification link.
        var current = state.State;
        var next = current with { Active = true, Invitation = null, EmailVerifiedAt = current.EmailVerifiedAt ?? Now };
        if (!current.Roles.Contains(Roles.SuperAdmin, StringComparer.Ordinal))
        {
            next = next with { Roles = [.. current.Roles, Roles.SuperAdmin] };
        }

        // A user just created has the configured password already; only an existing one is checked (a hash's cost).
        if (!created && (current.PasswordHash is null
            || passwordHasher.VerifyHashedPassword(current, current.PasswordHash, command.Password) == PasswordVerificationResult.Failed))
        {
            UserRules.ValidatePassword(command.Password, current.Email, "VETRAI_BOOTSTRAP_ADMIN_PASSWORD");
            next = next with { PasswordHash = passwordHasher.HashPassword(current, command.Password) };
        }

        if (next != current)
        {
            state.State = next with { UpdatedAt = Now };
            await state.WriteStateAsync();
        }

        return state.State.ToInfo();
    }

    private UserState Existing() => state.RecordExists ? state.State : throw new NotFoundException(NotFoundMessage);

    /// <summary>Whether <paramref name="password"/> is the user's (never for an invited user without one).</summary>
    private bool IsPassword(UserState current, string password)
        => current.PasswordHash is not null
            && passwordHasher.VerifyHashedPassword(current, current.PasswordHash, password) != PasswordVerificationResult.Failed;

    private (UserState State, IssuedSession Session) OpenSession(UserState current, SessionRequest request, ActorContext actor, DateTimeOffset now)
    {
        var (next, session, token) = SessionBook.Open(current, request, actor, now, _options);
        return (next, new IssuedSession(next.ToInfo(), next.SecurityVersion, session.Id, token, session.ExpiresAt));
    }

    /// <summary>Deactivation kills every outstanding token at once: the security version moves (so no token
    /// carries the right <c>sv</c> any more) and every session is revoked (so no refresh works).</summary>
    private static UserState Deactivate(UserState current, DateTimeOffset now)
        => SessionBook.RevokeWhere(current, _ => true, now) with { Active = false, SecurityVersion = current.SecurityVersion + 1 };

    private Task AuditAsync(string action, ActorContext actor, IReadOnlyDictionary<string, string?>? details = null, string? organizationId = null)
        => auditLog.WriteAsync(new AuditEntry(
            organizationId ?? (state.RecordExists ? state.State.OrganizationId : null),
            action,
            Target,
            actor,
            details));

    private static Dictionary<string, string?> Reason(string reason) => new() { ["reason"] = reason };
}
