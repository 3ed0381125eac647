
namespace VetrAI.Grains.Abstractions.Auth;

/// <summary>The sign-in gate of one email address (one account): it throttles failed attempts, passwords and
/// MFA codes alike, at sign-in and when a signed-in user confirms a grave change with them (kept as grain state,
/// so the count holds across front ends and restarts), finds the user through the <see cref="IEmailIndexGrain"/>,
/// asks the user grain to check the password, holds the second step's MFA tokens, and sends password-reset
/// emails. Attempts for one address run one at a time, which keeps the failure count exact. Key: the normalized
/// email.</summary>
[Alias("signin")]
public interface ISignInGrain : IGrainWithStringKey
{
    /// <summary>Checks the password and, on success, opens a session, or with MFA on answers
    /// <see cref="SignInStatus.MfaRequired"/> with an MFA token. Unknown address and wrong password give the
    /// same <see cref="SignInStatus.InvalidCredentials"/>.</summary>
    Task<SignInOutcome> SignInAsync(SignInCommand command);

    /// <summary>The second step: checks the MFA token and the code and, on success, opens a session. A wrong
    /// code counts as a failed attempt.</summary>
    Task<SignInOutcome> CompleteMfaSignInAsync(MfaSignInCommand command);

    /// <summary>Checks the password (and the code, when given) that the signed-in user <paramref name="userId"/>, the
    /// owner of this address, gives again before a grave change, under the same lockout as sign-in: while the
    /// address is locked nothing is checked and the answer is <see cref="ReauthenticationStatus.Throttled"/>; a
    /// wrong password or code counts as a failed attempt. The change itself is the caller's next step.</summary>
    /// <exception cref="Errors.NotFoundException">The user does not exist (any more).</exception>
    Task<ReauthenticationOutcome> ReauthenticateAsync(string userId, ReauthenticationCommand command);

    /// <summary>Sends a password-reset email if an active account has this address; nothing otherwise. One
    /// way, so that the caller's answer cannot tell which happened, not even by its timing.</summary>
    [OneWay]
    Task RequestPasswordResetAsync(RequestPasswordResetCommand request);

    /// <summary>Forgets everything about the address (failures, open second steps, reset requests): the
    /// account's erasure. Idempotent.</summary>
    Task ForgetAsync();
}
