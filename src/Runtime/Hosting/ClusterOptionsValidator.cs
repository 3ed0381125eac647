using Microsoft.Extensions.Options;

namespace VetrAI.Runtime.Hosting;

/// <summary>Refuses to start with settings that cannot form a working cluster, naming the setting to fix.</summary>
internal sealed class ClusterOptionsValidator : IValidateOptions<ClusterOptions>
{
    public ValidateOptionsResult Validate(string? name, ClusterOptions options)
    {
        var failures = new List<string>();
        if (string.IsNullOrWhiteSpace(options.ConnectionString))
        {
            failures.Add("ClusterOptions.ConnectionString is empty: set VETRAI_DATABASE_URL.");
        }

        if (string.IsNullOrWhiteSpace(options.Secret))
        {
            failures.Add("ClusterOptions.Secret is empty: set VETRAI_CLUSTER_SECRET (the same value on every member).");
        }

        if (options.Port is < 1 or > 65535)
        {
            failures.Add($"ClusterOptions.Port {options.Port} is not a TCP port: set VETRAI_CLUSTER_PORT.");
        }

        if (string.IsNullOrWhiteSpace(options.AdvertisedAddress))
        {
            failures.Add("ClusterOptions.AdvertisedAddress is empty: set VETRAI_ADVERTISED_ADDRESS.");
        }

        if (options.IAmAliveInterval <= TimeSpan.Zero || options.ProbeInterval <= TimeSpan.Zero)
        {
            failures.Add("ClusterOptions.IAmAliveInterval and ProbeInterval must be positive.");
        }

        if (options.FailureTimeout <= options.IAmAliveInterval * 2)
        {
            failures.Add("ClusterOptions.FailureTimeout must be more than twice IAmAliveInterval, or live silos get declared dead.");
        }

        if (options.CallTimeout <= TimeSpan.Zero)
        {
            failures.Add("ClusterOptions.CallTimeout must be positive.");
        }

        return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
    }
}
