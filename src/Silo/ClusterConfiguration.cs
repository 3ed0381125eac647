using System.Globalization;
using Microsoft.Extensions.Configuration;
using VetrAI.Runtime;

namespace VetrAI.Silo;

/// <summary>Reads the cluster settings from the environment (see the README's table). Shared by the
/// standalone silo and by a front end running as a cluster client.</summary>
public static class ClusterConfiguration
{
    /// <summary>Copies every cluster setting present in <paramref name="configuration"/> onto <paramref name="options"/>.
    /// Timings are TimeSpan strings ("00:00:05") or whole milliseconds ("300").</summary>
    public static void Apply(ClusterOptions options, IConfiguration configuration)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(configuration);
        options.ConnectionString = DatabaseConnectionString.FromConfiguration(configuration);
        options.ClusterId = configuration["VETRAI_CLUSTER_ID"] ?? options.ClusterId;
        options.Secret = configuration["VETRAI_CLUSTER_SECRET"] ?? options.Secret;
        options.AdvertisedAddress = configuration["VETRAI_ADVERTISED_ADDRESS"] ?? options.AdvertisedAddress;
        if (configuration["VETRAI_CLUSTER_PORT"] is { } port)
        {
            options.Port = int.TryParse(port, NumberStyles.None, CultureInfo.InvariantCulture, out var value)
                ? value
                : throw new InvalidOperationException($"VETRAI_CLUSTER_PORT '{port}' is not a port number.");
        }

        options.IAmAliveInterval = Duration(configuration, "VETRAI_CLUSTER_HEARTBEAT_INTERVAL") ?? options.IAmAliveInterval;
        options.ProbeInterval = Duration(configuration, "VETRAI_CLUSTER_PROBE_INTERVAL") ?? options.ProbeInterval;
        options.FailureTimeout = Duration(configuration, "VETRAI_CLUSTER_FAILURE_TIMEOUT") ?? options.FailureTimeout;
        options.DefunctSiloExpiration = Duration(configuration, "VETRAI_CLUSTER_DEFUNCT_EXPIRATION") ?? options.DefunctSiloExpiration;
        options.CallTimeout = Duration(configuration, "VETRAI_CALL_TIMEOUT") ?? options.CallTimeout;
    }

    /// <summary>Sets the silo's grain call timeout from VETRAI_CALL_TIMEOUT when it is given.</summary>
    public static void ApplyCallTimeout(SiloOptions options, IConfiguration configuration)
    {
        ArgumentNullException.ThrowIfNull(options);
        options.CallTimeout = Duration(configuration, "VETRAI_CALL_TIMEOUT") ?? options.CallTimeout;
    }

    /// <summary>Whether an in-process silo joins a cluster: it does when VETRAI_CLUSTER_PORT is set.</summary>
    public static bool JoinsCluster(IConfiguration configuration)
    {
        ArgumentNullException.ThrowIfNull(configuration);
        return !string.IsNullOrWhiteSpace(configuration["VETRAI_CLUSTER_PORT"]);
    }

    internal static TimeSpan? Duration(IConfiguration configuration, string name)
    {
        var value = configuration[name];
        if (string.IsNullOrWhiteSpace(value))
        {
            return null;
        }

        if (long.TryParse(value, NumberStyles.None, CultureInfo.InvariantCulture, out var milliseconds))
        {
            return TimeSpan.FromMilliseconds(milliseconds);
        }

        return TimeSpan.TryParse(value, CultureInfo.InvariantCulture, out var duration)
            ? duration
            : throw new InvalidOperationException($"{name} '{value}' is neither milliseconds nor a TimeSpan like 00:00:05.");
    }
}
