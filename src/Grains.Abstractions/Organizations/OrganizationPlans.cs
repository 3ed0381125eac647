namespace VetrAI.Grains.Abstractions.Organizations;

/// <summary>The plans an organization can be on, and the limits each grants unless the organization's
/// settings override them.</summary>
public static class OrganizationPlans
{
    /// <summary>The plan of a new organization.</summary>
    public const string Free = "free";

    /// <summary>The paid plan for growing teams.</summary>
    public const string Pro = "pro";

    /// <summary>The plan with the highest limits.</summary>
    public const string Enterprise = "enterprise";

    /// <summary>Every plan, in ascending order.</summary>
    public static IReadOnlyList<string> All { get; } = [Free, Pro, Enterprise];

    private static readonly OrganizationLimits _free = new(RateLimitPerMinute: 60, MonthlyRequests: 10_000, MaxKeys: 5, MaxUsers: 5);
    private static readonly OrganizationLimits _pro = new(RateLimitPerMinute: 600, MonthlyRequests: 1_000_000, MaxKeys: 50, MaxUsers: 50);
    private static readonly OrganizationLimits _enterprise = new(RateLimitPerMinute: 6_000, MonthlyRequests: 100_000_000, MaxKeys: 1_000, MaxUsers: 1_000);

    /// <summary>Whether <paramref name="plan"/> names a plan.</summary>
    public static bool IsKnown(string? plan) => plan is Free or Pro or Enterprise;

    /// <summary>The default limits of <paramref name="plan"/>.</summary>
    /// <exception cref="ArgumentException">The plan is unknown.</exception>
    public static OrganizationLimits DefaultLimits(string plan) => plan switch
    {
        Free => _free,
        Pro => _pro,
        Enterprise => _enterprise,
        _ => throw new ArgumentException($"Unknown plan '{plan}'.", nameof(plan)),
    };
}
