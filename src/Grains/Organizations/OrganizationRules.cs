using System.Text.RegularExpressions;
using VetrAI.Grains.Abstractions.Errors;
using VetrAI.Grains.Abstractions.Organizations;

namespace VetrAI.Grains.Organizations;

/// <summary>The grain-side checks of organization input (the front end checks the same rules first).</summary>
internal static partial class OrganizationRules
{
    public const int MaxNameLength = 200;

    public static void ValidateName(string name)
    {
        if (string.IsNullOrWhiteSpace(name) || name.Trim().Length > MaxNameLength)
        {
            throw new InvalidInputException($"name must be 1 to {MaxNameLength} characters.");
        }
    }

    public static void ValidateSlug(string slug)
    {
        if (!SlugPattern().IsMatch(slug))
        {
            throw new InvalidInputException("slug must be 3 to 63 characters of lowercase letters, digits and '-'.");
        }
    }

    public static void ValidatePlan(string plan)
    {
        if (!OrganizationPlans.IsKnown(plan))
        {
            throw new InvalidInputException($"plan must be one of: {string.Join(", ", OrganizationPlans.All)}.");
        }
    }

    public static void ValidateOverrides(OrganizationLimitOverrides overrides)
    {
        if (overrides.RateLimitPerMinute is < 1 || overrides.MonthlyRequests is < 0 || overrides.MaxKeys is < 0 || overrides.MaxUsers is < 1)
        {
            throw new InvalidInputException(
                "limits must be positive: rate_limit_per_minute >= 1, monthly_requests >= 0, max_keys >= 0, max_users >= 1.");
        }
    }

    [GeneratedRegex("^[a-z0-9-]{3,63}$", RegexOptions.CultureInvariant)]
    private static partial Regex SlugPattern();
}
