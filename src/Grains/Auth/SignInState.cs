namespace VetrAI.Grains.Auth;

/// <summary>The sign-in gate of one email address: recent failures, the open second steps, recent reset emails.
/// Only entries inside their window or lifetime are kept.</summary>
internal sealed record SignInState
{
    /// <summary>Failed passwords and MFA codes inside the throttle window.</summary>
    public IReadOnlyList<DateTimeOffset> Failures { get; init; } = [];

    /// <summary>Second steps waiting for a code.</summary>
    public IReadOnlyList<MfaChallengeState> MfaChallenges { get; init; } = [];

    /// <summary>When password-reset emails were asked for, inside the reset window.</summary>
    public IReadOnlyList<DateTimeOffset> PasswordResetRequests { get; init; } = [];
}

/// <summary>One second step: the hash of its MFA token, the user whose password was right, its expiry.</summary>
internal sealed record MfaChallengeState(string TokenHash, string UserId, DateTimeOffset ExpiresAt);
