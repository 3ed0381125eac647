using VetrAI.Grains.Abstractions.Auth;
using VetrAI.Grains.Abstractions.Errors;
using VetrAI.Grains.Abstractions.Users;

namespace VetrAI.ApiFrontend.Auth;

/// <summary>The password (and code) a signed-in user gives again before a grave change (a new password, MFA off,
/// the account's erasure), checked by the sign-in gate of the user's address: wrong guesses count toward the same
/// lockout as <c>/login</c>, so a stolen access token is no way around it, and while the account is locked the
/// request is refused before anything is checked or changed. The grain that then makes the change checks the
/// credentials again on its own: it stays safe whoever calls it, at the price of a second hash.</summary>
internal static class Reauthentication
{
    /// <summary>Returns when the credentials are right; throws otherwise.</summary>
    /// <param name="grains">The cluster.</param>
    /// <param name="caller">The signed-in user.</param>
    /// <param name="passwordField">The request's name for the password, for the message when it is wrong.</param>
    /// <param name="password">The password given.</param>
    /// <param name="code">The TOTP or recovery code given, when the change asks for one.</param>
    /// <exception cref="TooManyRequestsException">The account is locked (429 with its <c>Retry-After</c>).</exception>
    /// <exception cref="InvalidInputException">The password or the code is wrong (400); it counted as a failure.</exception>
    public static async Task ConfirmAsync(IGrainFactory grains, Caller caller, string passwordField, string password, string? code = null)
    {
        ArgumentNullException.ThrowIfNull(grains);
        ArgumentNullException.ThrowIfNull(caller);
        var user = await grains.GetGrain<IUserGrain>(caller.UserId).GetAsync();
        var outcome = await grains.GetSignInGrain(EmailAddresses.Normalize(user.Email))
            .ReauthenticateAsync(caller.UserId, new ReauthenticationCommand(password, code, caller.Actor));
        switch (outcome.Status)
        {
            case ReauthenticationStatus.Throttled:
                throw AuthEndpoints.Throttled(outcome.RetryAfter);
            case ReauthenticationStatus.WrongPassword:
                throw new InvalidInputException($"{passwordField} is incorrect.");
            case ReauthenticationStatus.WrongCode:
                throw new InvalidInputException("code is wrong: give a current code of your authenticator or a recovery code.");
            default:
                return;
        }
    }
}
