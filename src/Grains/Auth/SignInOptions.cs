namespace VetrAI.Grains.Auth;

/// <summary>The limits of one account's sign-in gate.</summary>
internal sealed class SignInOptions
{
    /// <summary>Failed attempts (wrong passwords and wrong MFA codes together) allowed in <see cref="Window"/>;
    /// beyond them every attempt is refused until enough failures leave the window.</summary>
    public int MaxFailures { get; set; } = 5;

    public TimeSpan Window { get; set; } = TimeSpan.FromMinutes(15);

    /// <summary>How long the second step's MFA token works after the right password.</summary>
    public TimeSpan MfaTokenLifetime { get; set; } = TimeSpan.FromMinutes(5);

    /// <summary>Password-reset emails sent for one address per <see cref="PasswordResetWindow"/>; more requests
    /// are answered the same (202) and send nothing, so nobody can flood a mailbox.</summary>
    public int MaxPasswordResetEmails { get; set; } = 3;

    public TimeSpan PasswordResetWindow { get; set; } = TimeSpan.FromHours(1);
}
