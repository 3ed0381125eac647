using Microsoft.Extensions.Options;

namespace VetrAI.Grains.Notifications;

/// <summary>Settings of notification delivery (VETRAI_NOTIFICATIONS_*).</summary>
public sealed class NotificationOptions
{
    /// <summary>The delay before a failed delivery's second attempt; it doubles per attempt, at most <see cref="MaxRetryDelay"/>.</summary>
    public TimeSpan RetryBaseDelay { get; set; } = TimeSpan.FromSeconds(10);

    public TimeSpan MaxRetryDelay { get; set; } = TimeSpan.FromHours(1);

    /// <summary>Attempts of one delivery before it ends <c>failed</c>.</summary>
    public int MaxAttempts { get; set; } = 8;

    /// <summary>How many notifications an inbox keeps (the oldest read ones go first).</summary>
    public int KeptPerUser { get; set; } = 500;
}

internal sealed class NotificationOptionsValidator : IValidateOptions<NotificationOptions>
{
    public ValidateOptionsResult Validate(string? name, NotificationOptions options)
    {
        var failures = new List<string>();
        if (options.RetryBaseDelay <= TimeSpan.Zero || options.MaxRetryDelay < options.RetryBaseDelay)
        {
            failures.Add("VETRAI_NOTIFICATIONS_RETRY_BASE_MS must be positive and at most the longest retry delay.");
        }

        if (options.MaxAttempts is < 1 or > 100)
        {
            failures.Add("VETRAI_NOTIFICATIONS_MAX_ATTEMPTS must be from 1 to 100.");
        }

        if (options.KeptPerUser < 10)
        {
            failures.Add("Notifications KeptPerUser must be at least 10.");
        }

        return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
    }
}
