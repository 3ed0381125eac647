using Microsoft.Extensions.Options;

namespace VetrAI.Grains.Jobs;

/// <summary>Settings of background jobs (VETRAI_JOBS_*). Defaults suit production; tests shorten the timings.</summary>
public sealed class JobOptions
{
    /// <summary>Attempts running at once in one silo (VETRAI_JOBS_MAX_CONCURRENCY).</summary>
    public int MaxConcurrency { get; set; } = 8;

    /// <summary>Jobs of one organization running at once in one silo, by plan; so one organization cannot
    /// take every worker.</summary>
    public Dictionary<string, int> ConcurrencyPerPlan { get; } = new(StringComparer.OrdinalIgnoreCase)
    {
        ["free"] = 1,
        ["pro"] = 4,
        ["enterprise"] = 8,
    };

    /// <summary>Per-organization bound when the plan is unknown.</summary>
    public int DefaultOrganizationConcurrency { get; set; } = 2;

    /// <summary>Attempts of a job that names none.</summary>
    public int DefaultMaxAttempts { get; set; } = 3;

    /// <summary>Most attempts a job may ask for.</summary>
    public int MaxAttemptsLimit { get; set; } = 10;

    /// <summary>Attempt timeout of a job that names none.</summary>
    public TimeSpan DefaultTimeout { get; set; } = TimeSpan.FromMinutes(5);

    /// <summary>Longest attempt timeout a job may ask for.</summary>
    public TimeSpan MaxTimeout { get; set; } = TimeSpan.FromHours(1);

    /// <summary>Latest run_at accepted, from now.</summary>
    public TimeSpan MaxScheduleAhead { get; set; } = TimeSpan.FromDays(30);

    /// <summary>Delay before the second attempt; it doubles for each further one (VETRAI_JOBS_BACKOFF_BASE_MS).</summary>
    public TimeSpan BackoffBase { get; set; } = TimeSpan.FromSeconds(2);

    /// <summary>Longest delay between attempts.</summary>
    public TimeSpan BackoffMax { get; set; } = TimeSpan.FromMinutes(5);

    /// <summary>A job held by a worker pool that stops renewing it for this long is driven again by its
    /// reminder: with <see cref="Scheduling.DeadlineReminders.RedeliveryPeriod"/>, the most a silo's death delays a job.</summary>
    public TimeSpan LeaseDuration { get; set; } = TimeSpan.FromSeconds(60);

    /// <summary>How often a worker pool renews the leases of the jobs it holds.</summary>
    public TimeSpan LeaseRenewInterval { get; set; } = TimeSpan.FromSeconds(20);

    /// <summary>Whether webhooks may reach private, loopback and reserved addresses
    /// (VETRAI_JOBS_WEBHOOK_PRIVATE_NETWORKS; for local runs and tests). Off in production: org admins name
    /// webhook URLs, and the platform's own network is not theirs to reach.</summary>
    public bool WebhooksMayReachPrivateNetworks { get; set; }

    internal int ConcurrencyFor(string? plan) =>
        plan is not null && ConcurrencyPerPlan.TryGetValue(plan, out var bound) ? bound : DefaultOrganizationConcurrency;
}

internal sealed class JobOptionsValidator : IValidateOptions<JobOptions>
{
    public ValidateOptionsResult Validate(string? name, JobOptions options)
    {
        var failures = new List<string>();
        if (options.MaxConcurrency < 1)
        {
            failures.Add("VETRAI_JOBS_MAX_CONCURRENCY must be at least 1.");
        }

        if (options.DefaultOrganizationConcurrency < 1 || options.ConcurrencyPerPlan.Values.Any(v => v < 1))
        {
            failures.Add("Jobs: every per-organization concurrency bound must be at least 1.");
        }

        if (options.MaxAttemptsLimit < 1 || options.DefaultMaxAttempts < 1 || options.DefaultMaxAttempts > options.MaxAttemptsLimit)
        {
            failures.Add("Jobs: DefaultMaxAttempts must be between 1 and MaxAttemptsLimit.");
        }

        if (options.DefaultTimeout <= TimeSpan.Zero || options.DefaultTimeout > options.MaxTimeout)
        {
            failures.Add("Jobs: DefaultTimeout must be positive and at most MaxTimeout.");
        }

        if (options.BackoffBase <= TimeSpan.Zero || options.BackoffMax < options.BackoffBase)
        {
            failures.Add("VETRAI_JOBS_BACKOFF_BASE_MS must be positive and BackoffMax at least as long.");
        }

        if (options.LeaseRenewInterval <= TimeSpan.Zero || options.LeaseDuration <= options.LeaseRenewInterval * 2)
        {
            failures.Add("Jobs: LeaseDuration must be more than twice LeaseRenewInterval, so one late renewal does not lose a lease.");
        }

        return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
    }
}
