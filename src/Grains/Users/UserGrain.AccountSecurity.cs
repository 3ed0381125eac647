using VetrAI.Grains.Abstractions.Audit;
using VetrAI.Grains.Abstractions.Auth;
using VetrAI.Grains.Abstractions.Errors;
using VetrAI.Grains.Audit;
using VetrAI.Grains.Auth;
using VetrAI.Grains.Users.Mfa;

namespace VetrAI.Grains.Users;

/// <summary>Account security: the second sign-in factor (TOTP and recovery codes), the credentials checked again
/// before a grave change, password reset and email verification tokens, and the user's own view of their
/// sessions.</summary>
internal sealed partial class UserGrain
{
    private const string InvalidResetTokenMessage = "The password reset token is invalid, used or expired.";
    private const string InvalidVerificationTokenMessage = "The verification token is invalid, used or expired.";

    public async Task<SignInOutcome> VerifySecondFactorAsync(SecondFactorCommand command)
    {
        ArgumentNullException.ThrowIfNull(command);
        if (!state.RecordExists || state.State.Mfa is not { Secret: { } protectedSecret } mfa)
        {
            // MFA was turned off (or the user removed) since the password step: start over.
            return new SignInOutcome(SignInStatus.InvalidMfaToken, null, null);
        }

        var current = state.State;
        if (!current.Active)
        {
            await AuditAsync(AuditActions.LoginFailed, command.Actor, Reason("deactivated"));
            return new SignInOutcome(SignInStatus.Deactivated, null, null);
        }

        var now = Now;
        MfaState? used = null;
        string method;
        if (command.Code is { } code)
        {
            method = "totp";
            if (TotpCodes.Verify(totpSecrets.Unprotect(protectedSecret, current.Id), code, now, mfa.LastUsedTimeStep) is { } step)
            {
                used = mfa with { LastUsedTimeStep = step };
            }
        }
        else
        {
            method = "recovery_code";
            if (RecoveryCodes.Use(mfa.RecoveryCodeHashes, command.RecoveryCode ?? "") is { } remaining)
            {
                used = mfa with { RecoveryCodeHashes = remaining };
            }
        }

        if (used is null)
        {
            await AuditAsync(AuditActions.MfaFailed, command.Actor, new Dictionary<string, string?> { ["method"] = method });
            return new SignInOutcome(SignInStatus.InvalidCredentials, null, null);
        }

        var (next, session) = OpenSession(current with { Mfa = used, UpdatedAt = now }, command.Session, command.Actor, now);
        state.State = next;
        await state.WriteStateAsync();
        await AuditAsync(AuditActions.LoginSucceeded, command.Actor, new Dictionary<string, string?> { ["mfa"] = method });
        if (command.Code is null)
        {
            await AuditAsync(AuditActions.MfaRecoveryCodeUsed, command.Actor, new Dictionary<string, string?>
            {
                ["remaining"] = used.RecoveryCodeHashes.Count.ToString(System.Globalization.CultureInfo.InvariantCulture),
            });
        }

        return new SignInOutcome(SignInStatus.Succeeded, session, null);
    }

    public async Task<IssuedEmailToken?> IssuePasswordResetAsync(ActorContext actor)
    {
        ArgumentNullException.ThrowIfNull(actor);
        if (!state.RecordExists || !state.State.Active || state.State.PasswordHash is null)
        {
            return null;
        }

        var (token, hash) = TokenFormat.Create(state.State.Id);
        var expiresAt = Now + _options.PasswordResetLifetime;
        state.State = state.State with { PasswordReset = new EmailTokenState(hash, expiresAt) };
        await state.WriteStateAsync();
        await AuditAsync(AuditActions.PasswordResetRequested, actor);
        return new IssuedEmailToken(token, expiresAt, state.State.Id, state.State.OrganizationId);
    }

    public async Task ResetPasswordAsync(ResetPasswordCommand command)
    {
        ArgumentNullException.ThrowIfNull(command);
        var now = Now;
        if (!state.RecordExists || !state.State.Active || !Matches(state.State.PasswordReset, command.Token, now))
        {
            throw new InvalidInputException(InvalidResetTokenMessage);
        }

        var current = state.State;
        UserRules.ValidatePassword(command.NewPassword, current.Email, "new_password");

        // Whoever held the old password or a session loses both: every session ends, and the security version
        // moves so that access tokens already out stop working too.
        state.State = SessionBook.RevokeWhere(current, _ => true, now) with
        {
            PasswordHash = passwordHasher.HashPassword(current, command.NewPassword),
            PasswordReset = null,
            SecurityVersion = current.SecurityVersion + 1,
            // The token came by email: using it proves the address.
            EmailVerifiedAt = current.EmailVerifiedAt ?? now,
            UpdatedAt = now,
        };
        await state.WriteStateAsync();
        await AuditAsync(AuditActions.PasswordReset, command.Actor);
    }

    public async Task<EmailVerificationOutcome> IssueEmailVerificationAsync(ActorContext actor)
    {
        ArgumentNullException.ThrowIfNull(actor);
        var current = Existing();
        if (current.EmailVerifiedAt is not null || !current.Active)
        {
            return new EmailVerificationOutcome(null);
        }

        var now = Now;
        var limit = new SlidingLimit(_options.MaxEmailVerificationEmails, _options.EmailVerificationWindow);
        var sent = limit.Recent(current.EmailVerificationsSent, now);
        if (limit.WaitAfter(sent, now) is { } wait)
        {
            return new EmailVerificationOutcome(null, wait);
        }

        var (token, hash) = TokenFormat.Create(current.Id);
        var expiresAt = now + _options.EmailVerificationLifetime;
        state.State = current with { EmailVerification = new EmailTokenState(hash, expiresAt), EmailVerificationsSent = [.. sent, now] };
        await state.WriteStateAsync();
        await AuditAsync(AuditActions.EmailVerificationSent, actor);
        return new EmailVerificationOutcome(new IssuedEmailToken(token, expiresAt, current.Id, current.OrganizationId));
    }

    public async Task VerifyEmailAsync(VerifyEmailCommand command)
    {
        ArgumentNullException.ThrowIfNull(command);
        var now = Now;
        if (!state.RecordExists || !Matches(state.State.EmailVerification, command.Token, now))
        {
            throw new InvalidInputException(InvalidVerificationTokenMessage);
        }

        state.State = state.State with { EmailVerifiedAt = now, EmailVerification = null, EmailVerificationsSent = [], UpdatedAt = now };
        await state.WriteStateAsync();
        await AuditAsync(AuditActions.EmailVerified, command.Actor);
    }

    public async Task<TotpSetup> SetUpTotpAsync(ActorContext actor)
    {
        ArgumentNullException.ThrowIfNull(actor);
        var current = Existing();
        if (current.MfaEnabled)
        {
            throw new ConflictException("MFA is already on; turn it off first to set up another authenticator.");
        }

        var secret = TotpCodes.NewSecret();
        state.State = current with
        {
            Mfa = new MfaState(null, totpSecrets.Protect(secret, current.Id), null, 0, []),
            UpdatedAt = Now,
        };
        await state.WriteStateAsync();
        return new TotpSetup(TotpCodes.ToBase32(secret), TotpCodes.OtpauthUri(secret, mfaOptions.Value.Issuer, current.Email));
    }

    public async Task<IReadOnlyList<string>> EnableTotpAsync(EnableTotpCommand command)
    {
        ArgumentNullException.ThrowIfNull(command);
        var current = Existing();
        if (current.MfaEnabled)
        {
            throw new ConflictException("MFA is already on.");
        }

        if (current.Mfa?.PendingSecret is not { } pending)
        {
            throw new InvalidInputException("Set up an authenticator first (POST /api/v1/mfa/totp/setup).");
        }

        var now = Now;
        if (TotpCodes.Verify(totpSecrets.Unprotect(pending, current.Id), command.Code, now, 0) is not { } step)
        {
            throw new InvalidInputException("code is wrong: enter the current code of the authenticator you just set up.");
        }

        var (codes, hashes) = RecoveryCodes.Create();
        state.State = current with { Mfa = new MfaState(pending, null, now, step, hashes), UpdatedAt = now };
        await state.WriteStateAsync();
        await AuditAsync(AuditActions.MfaEnabled, command.Actor);
        return codes;
    }

    public async Task DisableTotpAsync(DisableTotpCommand command)
    {
        ArgumentNullException.ThrowIfNull(command);
        var current = Existing();
        if (current.Mfa?.Secret is null)
        {
            throw new ConflictException("MFA is not on.");
        }

        switch (await CheckCredentialsAsync(current, command.Password, command.Code, command.Actor))
        {
            case ReauthenticationStatus.WrongPassword:
                throw new InvalidInputException("password is incorrect.");
            case ReauthenticationStatus.WrongCode:
                throw new InvalidInputException("code is wrong: give a current code of your authenticator or a recovery code.");
        }

        state.State = current with { Mfa = null, UpdatedAt = Now };
        await state.WriteStateAsync();
        await AuditAsync(AuditActions.MfaDisabled, command.Actor);
    }

    public Task<ReauthenticationStatus> CheckCredentialsAsync(ReauthenticationCommand command)
    {
        ArgumentNullException.ThrowIfNull(command);
        return CheckCredentialsAsync(Existing(), command.Password, command.Code, command.Actor);
    }

    /// <summary>Which of the account's factors <paramref name="password"/> and <paramref name="code"/> prove (the
    /// code only when MFA is on and one is given); audits a wrong one, uses nothing up.</summary>
    private async Task<ReauthenticationStatus> CheckCredentialsAsync(UserState current, string password, string? code, ActorContext actor)
    {
        var status = !IsPassword(current, password) ? ReauthenticationStatus.WrongPassword
            : current.Mfa is not { Secret: { } protectedSecret } mfa ? ReauthenticationStatus.Confirmed
            : code is null ? ReauthenticationStatus.PasswordConfirmed
            : IsCurrentCode(current.Id, protectedSecret, mfa, code) ? ReauthenticationStatus.Confirmed
            : ReauthenticationStatus.WrongCode;
        if (status is ReauthenticationStatus.WrongPassword or ReauthenticationStatus.WrongCode)
        {
            var reason = status == ReauthenticationStatus.WrongPassword ? "wrong_password" : "wrong_code";
            await AuditAsync(AuditActions.ReauthenticationFailed, actor, Reason(reason));
        }

        return status;
    }

    public Task<IReadOnlyList<SessionInfo>> ListSessionsAsync() => Task.FromResult(SessionBook.ListOpen(Existing(), Now));

    public async Task EndSessionAsync(EndSessionCommand command)
    {
        ArgumentNullException.ThrowIfNull(command);
        var current = Existing();
        var now = Now;
        if (!SessionBook.ListOpen(current, now).Any(s => string.Equals(s.Id, command.SessionId, StringComparison.Ordinal)))
        {
            throw new NotFoundException("Session not found.");
        }

        state.State = SessionBook.RevokeWhere(current, s => s.Id == command.SessionId, now) with { UpdatedAt = now };
        await state.WriteStateAsync();
        await AuditAsync(AuditActions.SessionEnded, command.Actor, new Dictionary<string, string?> { ["session_id"] = command.SessionId });
    }

    /// <summary>Whether <paramref name="code"/> is a current TOTP code not accepted before, or a recovery code not
    /// used yet; uses nothing up.</summary>
    private bool IsCurrentCode(string userId, string protectedSecret, MfaState mfa, string code)
        => TotpCodes.IsWellFormed(code)
            ? TotpCodes.Verify(totpSecrets.Unprotect(protectedSecret, userId), code, Now, mfa.LastUsedTimeStep) is not null
            : RecoveryCodes.Use(mfa.RecoveryCodeHashes, code) is not null;

    /// <summary>Whether <paramref name="presented"/> is this user's outstanding token and still good.</summary>
    private bool Matches(EmailTokenState? stored, string presented, DateTimeOffset now)
        => stored is not null
            && stored.ExpiresAt > now
            && TokenFormat.TryParse(presented, out var userId, out var secret)
            && string.Equals(userId, this.GetPrimaryKeyString(), StringComparison.Ordinal)
            && TokenFormat.HashesEqual(stored.TokenHash, TokenFormat.HashSecret(secret));
}
