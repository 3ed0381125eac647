namespace VetrAI.Grains.Auth;

/// <summary>How many failed sign-ins one email address may have in a window before it must wait.</summary>
internal sealed class LoginThrottleOptions
{
    public int MaxFailures { get; set; } = 5;

    public TimeSpan Window { get; set; } = TimeSpan.FromMinutes(15);
}
