
namespace VetrAI.Grains.Abstractions.Auth;

/// <summary>The sign-in gate of one email address: it throttles failed attempts (kept as grain state, so the
/// count holds across front ends and restarts), finds the user through the <see cref="IEmailIndexGrain"/>
/// and asks the user grain to check the password. Attempts for one address run one at a time, which keeps
/// the failure count exact. Key: the normalized email.</summary>
[Alias("signin")]
public interface ISignInGrain : IGrainWithStringKey
{
    /// <summary>Checks the password and, on success, opens a session. Unknown address and wrong password give
    /// the same <see cref="SignInStatus.InvalidCredentials"/>.</summary>
    Task<SignInOutcome> SignInAsync(SignInCommand command);
}
