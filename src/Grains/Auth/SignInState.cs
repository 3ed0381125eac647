namespace VetrAI.Grains.Auth;

/// <summary>Recent failed sign-ins of one email address (only those inside the throttle window are kept).</summary>
internal sealed record SignInState
{
    public IReadOnlyList<DateTimeOffset> Failures { get; init; } = [];
}
