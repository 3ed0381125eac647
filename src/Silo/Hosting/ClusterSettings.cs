using System.Globalization;
using System.Net;
using Microsoft.Extensions.Configuration;
using VetrAI.Grains.Configuration;

namespace VetrAI.Silo.Hosting;

/// <summary>The cluster settings of a silo or of a client-only front end, read from the environment (the README's
/// table). Every value is checked here, so a bad one stops the process at start with a message naming the setting.</summary>
public sealed record ClusterSettings
{
    public const string ClusterIdSetting = "VETRAI_CLUSTER_ID";
    public const string ServiceIdSetting = "VETRAI_SERVICE_ID";
    public const string RedisSetting = "VETRAI_REDIS_URL";
    public const string AdvertisedAddressSetting = "VETRAI_ADVERTISED_ADDRESS";
    public const string SiloPortSetting = "VETRAI_CLUSTER_PORT";
    public const string GatewayPortSetting = "VETRAI_GATEWAY_PORT";
    public const string ProbeTimeoutSetting = "VETRAI_MEMBERSHIP_PROBE_TIMEOUT";
    public const string MissedProbesSetting = "VETRAI_MEMBERSHIP_MISSED_PROBES";
    public const string DeathVotesSetting = "VETRAI_MEMBERSHIP_DEATH_VOTES";
    public const string TableRefreshSetting = "VETRAI_MEMBERSHIP_TABLE_REFRESH";
    public const string CallTimeoutSetting = "VETRAI_CALL_TIMEOUT";

    /// <summary>Silos and clients with the same cluster id over the same Redis form one cluster.</summary>
    public string ClusterId { get; init; } = "vetrai";

    /// <summary>The application's identity across deployments: it keys grain state and reminders, so it must
    /// not change when the cluster id does (a blue/green deployment).</summary>
    public string ServiceId { get; init; } = "vetrai";

    /// <summary>StackExchange.Redis configuration string of the membership store.</summary>
    public string Redis { get; init; } = "";

    /// <summary>The address other members reach this silo at.</summary>
    public IPAddress AdvertisedAddress { get; init; } = IPAddress.Loopback;

    public int SiloPort { get; init; } = 11111;

    /// <summary>Port clients connect to; 0 means this silo takes no clients.</summary>
    public int GatewayPort { get; init; } = 30000;

    /// <summary>How long a probe may go unanswered before it counts as missed. Orleans' default is 5 s; with
    /// <see cref="MissedProbes"/> and the vote it decides how long a dead silo keeps its grains.</summary>
    public TimeSpan ProbeTimeout { get; init; } = TimeSpan.FromSeconds(2);

    public int MissedProbes { get; init; } = 3;

    public int DeathVotes { get; init; } = 2;

    /// <summary>How often a member re-reads the membership table (Orleans' default 60 s); gossip normally
    /// spreads changes sooner, this is the fallback.</summary>
    public TimeSpan TableRefresh { get; init; } = TimeSpan.FromSeconds(10);

    /// <summary>How long a grain call may take before the caller gets a TimeoutException.</summary>
    public TimeSpan CallTimeout { get; init; } = TimeSpan.FromSeconds(30);

    /// <summary>Reads every cluster setting present in <paramref name="configuration"/> over the defaults.</summary>
    /// <exception cref="InvalidOperationException">A setting is missing or malformed; the message names it.</exception>
    public static ClusterSettings FromConfiguration(IConfiguration configuration)
    {
        ArgumentNullException.ThrowIfNull(configuration);
        var defaults = new ClusterSettings();
        var redis = configuration[RedisSetting];
        if (string.IsNullOrWhiteSpace(redis))
        {
            throw new InvalidOperationException(
                $"{RedisSetting} is not set: give the Redis server that holds cluster membership, e.g. 127.0.0.1:6379 (./run.sh starts one).");
        }

        return new ClusterSettings
        {
            ClusterId = Identifier(configuration, ClusterIdSetting) ?? defaults.ClusterId,
            ServiceId = Identifier(configuration, ServiceIdSetting) ?? defaults.ServiceId,
            Redis = redis,
            AdvertisedAddress = Address(configuration, AdvertisedAddressSetting) ?? defaults.AdvertisedAddress,
            SiloPort = Port(configuration, SiloPortSetting, allowZero: false) ?? defaults.SiloPort,
            GatewayPort = Port(configuration, GatewayPortSetting, allowZero: true) ?? defaults.GatewayPort,
            ProbeTimeout = Duration(configuration, ProbeTimeoutSetting) ?? defaults.ProbeTimeout,
            MissedProbes = Count(configuration, MissedProbesSetting) ?? defaults.MissedProbes,
            DeathVotes = Count(configuration, DeathVotesSetting) ?? defaults.DeathVotes,
            TableRefresh = Duration(configuration, TableRefreshSetting) ?? defaults.TableRefresh,
            CallTimeout = Duration(configuration, CallTimeoutSetting) ?? defaults.CallTimeout,
        };
    }

    private static string? Identifier(IConfiguration configuration, string name)
    {
        var value = configuration[name];
        if (string.IsNullOrWhiteSpace(value))
        {
            return null;
        }

        return value.All(c => char.IsAsciiLetterOrDigit(c) || c is '-' or '_' or '.')
            ? value
            : throw new InvalidOperationException($"{name} '{value}' may only hold letters, digits, '-', '_' and '.'.");
    }

    private static IPAddress? Address(IConfiguration configuration, string name)
    {
        var value = configuration[name];
        if (string.IsNullOrWhiteSpace(value))
        {
            return null;
        }

        return IPAddress.TryParse(value, out var address)
            ? address
            : throw new InvalidOperationException($"{name} '{value}' is not an IP address.");
    }

    private static int? Port(IConfiguration configuration, string name, bool allowZero)
    {
        var value = configuration[name];
        if (string.IsNullOrWhiteSpace(value))
        {
            return null;
        }

        return int.TryParse(value, NumberStyles.None, CultureInfo.InvariantCulture, out var port) && port <= 65535 && (port > 0 || allowZero)
            ? port
            : throw new InvalidOperationException($"{name} '{value}' is not a port number.");
    }

    private static int? Count(IConfiguration configuration, string name)
    {
        var value = configuration[name];
        if (string.IsNullOrWhiteSpace(value))
        {
            return null;
        }

        return int.TryParse(value, NumberStyles.None, CultureInfo.InvariantCulture, out var count) && count is > 0 and <= 100
            ? count
            : throw new InvalidOperationException($"{name} '{value}' is not a whole number from 1 to 100.");
    }

    /// <summary>A TimeSpan string ("00:00:05") or whole milliseconds ("300").</summary>
    internal static TimeSpan? Duration(IConfiguration configuration, string name)
    {
        var value = configuration[name];
        if (string.IsNullOrWhiteSpace(value))
        {
            return null;
        }

        return DurationSetting.TryParse(value, out var duration)
            ? duration
            : throw new InvalidOperationException($"{name} '{value}' is neither {DurationSetting.Forms}.");
    }
}
