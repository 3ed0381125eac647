using VetrAI.Grains.Abstractions.Audit;

namespace VetrAI.Grains.Abstractions.Auth;

/// <summary>The credentials a signed-in user gives again to confirm a grave change: a new password, MFA off, the
/// erasure of the account.</summary>
/// <param name="Password">The password presented.</param>
/// <param name="Code">A TOTP code or a recovery code, checked too when MFA is on; null when the change asks for none.</param>
/// <param name="Actor">The request it comes from.</param>
[GenerateSerializer, Immutable, Alias("vetrai.ReauthenticationCommand")]
public sealed record ReauthenticationCommand(string Password, string? Code, ActorContext Actor);

/// <summary>How a re-authentication ended.</summary>
[GenerateSerializer, Alias("vetrai.ReauthenticationStatus")]
public enum ReauthenticationStatus
{
    /// <summary>Every factor the account has was given and is right: the password, and the code when MFA is on.</summary>
    Confirmed,

    /// <summary>The password is right; MFA is on and no code was given. The change may go on, but one factor of
    /// two was proved.</summary>
    PasswordConfirmed,

    /// <summary>The password is wrong (the code was not looked at).</summary>
    WrongPassword,

    /// <summary>The password is right, the code is wrong or was used already.</summary>
    WrongCode,

    /// <summary>Too many recent failures for the address: nothing was checked.
    /// <see cref="ReauthenticationOutcome.RetryAfter"/> says how long to wait.</summary>
    Throttled,
}

/// <summary>The result of <see cref="ISignInGrain.ReauthenticateAsync"/>.</summary>
/// <param name="Status">How it ended.</param>
/// <param name="RetryAfter">The wait when <see cref="ReauthenticationStatus.Throttled"/>.</param>
[GenerateSerializer, Immutable, Alias("vetrai.ReauthenticationOutcome")]
public sealed record ReauthenticationOutcome(ReauthenticationStatus Status, TimeSpan? RetryAfter = null);
