using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.Options;
using VetrAI.Grains.Abstractions.Auth;
using VetrAI.Grains.Abstractions.Users;
using VetrAI.Grains.Audit;
using VetrAI.Grains.Users;

namespace VetrAI.Grains.Auth;

internal sealed class SignInGrain(
    [PersistentState("signin")] IPersistentState<SignInState> state,
    IPasswordHasher<UserState> passwordHasher,
    IAuditLog auditLog,
    TimeProvider timeProvider,
    IOptions<LoginThrottleOptions> options) : Grain, ISignInGrain
{
    private readonly LoginThrottleOptions _options = options.Value;

    public async Task<SignInOutcome> SignInAsync(SignInCommand command)
    {
        ArgumentNullException.ThrowIfNull(command);
        var now = timeProvider.GetUtcNow();
        var recent = state.State.Failures.Where(f => f > now - _options.Window).Order().ToList();
        if (recent.Count >= _options.MaxFailures)
        {
            // Unlocked when enough failures leave the window to get back under the limit.
            var unlockAt = recent[recent.Count - _options.MaxFailures] + _options.Window;
            return new SignInOutcome(SignInStatus.Throttled, null, unlockAt - now);
        }

        var email = NaturalKeys.ValueOf(this.GetPrimaryKeyString());
        var ownerId = await GrainFactory.GetEmailIndexGrain(email).GetOwnerAsync();
        SignInOutcome outcome;
        if (ownerId is null)
        {
            UserRules.SpendHashingTime(passwordHasher, command.Password);
            await auditLog.WriteAsync(new AuditEntry(null, AuditActions.LoginFailed, email, command.Actor,
                new Dictionary<string, string?> { ["reason"] = "unknown_email" }));
            outcome = new SignInOutcome(SignInStatus.InvalidCredentials, null, null);
        }
        else
        {
            outcome = await GrainFactory.GetGrain<IUserGrain>(ownerId).SignInAsync(command);
        }

        if (outcome.Status == SignInStatus.Succeeded)
        {
            if (state.State.Failures.Count > 0)
            {
                await state.ClearStateAsync();
            }
        }
        else
        {
            state.State = new SignInState { Failures = [.. recent, now] };
            await state.WriteStateAsync();
        }

        return outcome;
    }
}
