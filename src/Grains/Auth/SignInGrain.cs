using System.Globalization;
using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using VetrAI.Grains.Abstractions.Audit;
using VetrAI.Grains.Abstractions.Auth;
using VetrAI.Grains.Abstractions.Notifications;
using VetrAI.Grains.Abstractions.Users;
using VetrAI.Grains.Audit;
using VetrAI.Grains.Notifications;
using VetrAI.Grains.Users;

namespace VetrAI.Grains.Auth;

internal sealed partial class SignInGrain(
    [PersistentState("signin")] IPersistentState<SignInState> state,
    IPasswordHasher<UserState> passwordHasher,
    IAuditLog auditLog,
    INotifier notifier,
    TimeProvider timeProvider,
    IOptions<SignInOptions> options,
    ILogger<SignInGrain> logger) : Grain, ISignInGrain
{
    private readonly SignInOptions _options = options.Value;

    private string Email => NaturalKeys.ValueOf(this.GetPrimaryKeyString());

    public async Task<SignInOutcome> SignInAsync(SignInCommand command)
    {
        ArgumentNullException.ThrowIfNull(command);
        var now = timeProvider.GetUtcNow();
        if (LockedFor(now) is { } wait)
        {
            return new SignInOutcome(SignInStatus.Throttled, null, wait);
        }

        var ownerId = await GrainFactory.GetEmailIndexGrain(Email).GetOwnerAsync();
        if (ownerId is null)
        {
            UserRules.SpendHashingTime(passwordHasher, command.Password);
            await auditLog.WriteAsync(new AuditEntry(null, AuditActions.LoginFailed, Email, command.Actor,
                new Dictionary<string, string?> { ["reason"] = "unknown_email" }));
            await FailAsync(null, command.Actor, now);
            return new SignInOutcome(SignInStatus.InvalidCredentials, null, null);
        }

        var outcome = await GrainFactory.GetGrain<IUserGrain>(ownerId).SignInAsync(command);
        switch (outcome.Status)
        {
            case SignInStatus.Succeeded:
                await SucceedAsync(null);
                return outcome;
            case SignInStatus.MfaRequired:
                // Failures stay counted: the right password alone must not reset the count that limits code guesses.
                var (token, hash) = MfaTokens.Create(Email);
                var expiresAt = now + _options.MfaTokenLifetime;
                state.State = state.State with
                {
                    MfaChallenges = [.. LiveChallenges(now), new MfaChallengeState(hash, ownerId, expiresAt)],
                };
                await state.WriteStateAsync();
                return outcome with { MfaToken = token, MfaTokenExpiresAt = expiresAt };
            default:
                await FailAsync(ownerId, command.Actor, now);
                return outcome;
        }
    }

    public async Task<SignInOutcome> CompleteMfaSignInAsync(MfaSignInCommand command)
    {
        ArgumentNullException.ThrowIfNull(command);
        var now = timeProvider.GetUtcNow();
        if (LockedFor(now) is { } wait)
        {
            return new SignInOutcome(SignInStatus.Throttled, null, wait);
        }

        var challenge = FindChallenge(command.MfaToken, now);
        if (challenge is null)
        {
            return new SignInOutcome(SignInStatus.InvalidMfaToken, null, null);
        }

        var outcome = await GrainFactory.GetGrain<IUserGrain>(challenge.UserId)
            .VerifySecondFactorAsync(new SecondFactorCommand(command.Code, command.RecoveryCode, command.Session, command.Actor));
        switch (outcome.Status)
        {
            case SignInStatus.InvalidCredentials:
                // A wrong code keeps the token: a typo needs no new password.
                await FailAsync(challenge.UserId, command.Actor, now);
                return outcome;
            default:
                await SucceedAsync(challenge, outcome.Status == SignInStatus.Succeeded);
                return outcome;
        }
    }

    public async Task<ReauthenticationOutcome> ReauthenticateAsync(string userId, ReauthenticationCommand command)
    {
        ArgumentNullException.ThrowIfNull(command);
        var now = timeProvider.GetUtcNow();
        if (LockedFor(now) is { } wait)
        {
            return new ReauthenticationOutcome(ReauthenticationStatus.Throttled, wait);
        }

        var status = await GrainFactory.GetGrain<IUserGrain>(userId).CheckCredentialsAsync(command);
        switch (status)
        {
            case ReauthenticationStatus.Confirmed:
                // As a sign-in that succeeds: every factor the account has was right, so the failures go, as /login
                // and /login/mfa clear them. Whoever gets here could sign in anyway; keeping the count would only
                // lock out the owner after a few typos.
                await SucceedAsync(null);
                break;
            case ReauthenticationStatus.PasswordConfirmed:
                // As /login's right password with MFA on: the count that limits code guesses stays.
                break;
            default:
                await FailAsync(userId, command.Actor, now);
                break;
        }

        return new ReauthenticationOutcome(status);
    }

    public async Task RequestPasswordResetAsync(RequestPasswordResetCommand request)
    {
        ArgumentNullException.ThrowIfNull(request);
        var now = timeProvider.GetUtcNow();
        var recent = RecentResetRequests(now);
        if (ResetEmailLimit.WaitAfter(recent, now) is not null)
        {
            LogResetThrottled(logger, recent.Count, _options.PasswordResetWindow);
            return;
        }

        state.State = state.State with { PasswordResetRequests = [.. recent, now] };
        await state.WriteStateAsync();
        var ownerId = await GrainFactory.GetEmailIndexGrain(Email).GetOwnerAsync();
        if (ownerId is null)
        {
            return;
        }

        var token = await GrainFactory.GetGrain<IUserGrain>(ownerId).IssuePasswordResetAsync(request.Actor);
        if (token is not null)
        {
            await AccountEmails.QueueAsync(GrainFactory, "password.reset", "reset_url", request.LinkBaseUrl, "reset-password", token);
        }
    }

    public async Task ForgetAsync()
    {
        if (state.RecordExists)
        {
            await state.ClearStateAsync();
        }
    }

    /// <summary>How long the address stays locked (too many recent failures in the window), or null when it is not.
    /// Every attempt, at sign-in or re-authentication, asks this first.</summary>
    private TimeSpan? LockedFor(DateTimeOffset now) => FailureLimit.WaitAfter(RecentFailures(now), now);

    private SlidingLimit FailureLimit => new(_options.MaxFailures, _options.Window);

    private SlidingLimit ResetEmailLimit => new(_options.MaxPasswordResetEmails, _options.PasswordResetWindow);

    private List<DateTimeOffset> RecentFailures(DateTimeOffset now) => FailureLimit.Recent(state.State.Failures, now);

    private List<DateTimeOffset> RecentResetRequests(DateTimeOffset now) => ResetEmailLimit.Recent(state.State.PasswordResetRequests, now);

    private List<MfaChallengeState> LiveChallenges(DateTimeOffset now)
        => state.State.MfaChallenges.Where(c => c.ExpiresAt > now).ToList();

    private MfaChallengeState? FindChallenge(string token, DateTimeOffset now)
    {
        if (!TokenFormat.TryParse(token, out _, out var secret))
        {
            return null;
        }

        var presented = TokenFormat.HashSecret(secret);
        MfaChallengeState? found = null;
        foreach (var challenge in LiveChallenges(now))
        {
            if (TokenFormat.HashesEqual(challenge.TokenHash, presented))
            {
                found = challenge;
            }
        }

        return found;
    }

    /// <summary>Counts a failure; the one that starts a lockout is audited and emailed to the account's owner.</summary>
    private async Task FailAsync(string? ownerId, ActorContext actor, DateTimeOffset now)
    {
        List<DateTimeOffset> failures = [.. RecentFailures(now), now];
        state.State = state.State with { Failures = failures, MfaChallenges = LiveChallenges(now) };
        await state.WriteStateAsync();
        if (failures.Count != _options.MaxFailures)
        {
            return;
        }

        var lockedUntil = failures[0] + _options.Window;
        await auditLog.WriteAsync(new AuditEntry(null, AuditActions.LockedOut, ownerId is null ? Email : $"user:{ownerId}", actor,
            new Dictionary<string, string?> { ["locked_until"] = lockedUntil.ToString("O", CultureInfo.InvariantCulture) }));
        if (ownerId is not null)
        {
            await NoticeLockoutAsync(ownerId, lockedUntil, actor);
        }
    }

    /// <summary>Tells the owner; the refusal stands whether or not the notice can be handed off.</summary>
    private async Task NoticeLockoutAsync(string ownerId, DateTimeOffset lockedUntil, ActorContext actor)
    {
        try
        {
            var user = await GrainFactory.GetGrain<IUserGrain>(ownerId).GetAsync();
            await notifier.NotifyUserAsync(ownerId, user.OrganizationId, "security.lockout", new Dictionary<string, string>(StringComparer.Ordinal)
            {
                ["locked_until"] = AccountEmails.ExpiryText(lockedUntil),
                ["ip"] = actor.ClientAddress ?? "an unknown address",
            });
        }
        catch (Exception exception) when (exception is not OutOfMemoryException)
        {
            LogLockoutNoticeFailed(logger, exception, ownerId);
        }
    }

    /// <summary>Ends a sign-in or a re-authentication: clears the failures when it succeeded, and uses up its MFA
    /// token.</summary>
    private async Task SucceedAsync(MfaChallengeState? challenge, bool succeeded = true)
    {
        var now = timeProvider.GetUtcNow();
        var next = state.State with
        {
            Failures = succeeded ? [] : state.State.Failures,
            MfaChallenges = LiveChallenges(now).Where(c => c != challenge).ToList(),
            // Requests out of the window throttle nothing: without them the row can go.
            PasswordResetRequests = RecentResetRequests(now),
        };
        if (next.Failures.Count == 0 && next.MfaChallenges.Count == 0 && next.PasswordResetRequests.Count == 0)
        {
            if (state.RecordExists)
            {
                await state.ClearStateAsync();
            }

            return;
        }

        state.State = next;
        await state.WriteStateAsync();
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "The lockout notice of user {UserId} could not be handed off")]
    private static partial void LogLockoutNoticeFailed(ILogger logger, Exception exception, string userId);

    [LoggerMessage(Level = LogLevel.Information, Message = "Password reset not sent: {Count} already sent within {Window}")]
    private static partial void LogResetThrottled(ILogger logger, int count, TimeSpan window);
}
