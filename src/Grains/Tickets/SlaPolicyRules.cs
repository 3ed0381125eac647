using VetrAI.Grains.Abstractions.Tickets;

namespace VetrAI.Grains.Tickets;

internal static class SlaPolicyRules
{
    private const long MaxSeconds = 366L * 24 * 3600;

    /// <summary>Why the policy is unusable, or null.</summary>
    public static string? WhyInvalid(SlaPolicy? policy)
    {
        if (policy is null)
        {
            return "a policy with low, normal, high and urgent targets is required.";
        }

        foreach (var priority in Enum.GetValues<TicketPriority>())
        {
            var target = policy.For(priority);
            var name = TicketNames.Of(priority);
            if (target is null)
            {
                return $"{name} needs first_response_seconds and resolution_seconds.";
            }

            if (target.FirstResponseSeconds < 1 || target.ResolutionSeconds < 1 || target.FirstResponseSeconds > MaxSeconds || target.ResolutionSeconds > MaxSeconds)
            {
                return $"{name} targets must be between 1 second and 366 days.";
            }

            if (target.FirstResponseSeconds > target.ResolutionSeconds)
            {
                return $"{name}: the first response cannot be due after the resolution.";
            }
        }

        return null;
    }
}
