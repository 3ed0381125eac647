using System.Globalization;
using VetrAI.Silo.Hosting;

namespace VetrAI.Cluster.Tests;

/// <summary>The membership timings a cluster runs with, as the <c>VETRAI_MEMBERSHIP_*</c> settings give them.</summary>
public sealed record MembershipSettings(TimeSpan ProbeTimeout, int MissedProbes, int DeathVotes, TimeSpan TableRefresh)
{
    /// <summary>The tests' settings: a SIGKILLed silo is Dead in Redis 1.2 to 3.2 s later (MembershipTimingMeasurements),
    /// under the 5 s the tests allow. Three missed probes rather than two: a silo that the 2-core machine, busy with
    /// the other test assemblies, leaves without CPU for 2 s is not voted dead.</summary>
    public static MembershipSettings Tests { get; } = new(TimeSpan.FromSeconds(1), 3, 2, TimeSpan.FromSeconds(2));

    /// <summary>The production defaults of <see cref="ClusterSettings"/>.</summary>
    public static MembershipSettings Production { get; } = FromClusterSettings(new ClusterSettings());

    /// <summary>Orleans' own defaults (ClusterMembershipOptions).</summary>
    public static MembershipSettings OrleansDefaults { get; } = new(TimeSpan.FromSeconds(5), 3, 2, TimeSpan.FromSeconds(60));

    public void AddTo(IDictionary<string, string> environment)
    {
        environment[ClusterSettings.ProbeTimeoutSetting] = Milliseconds(ProbeTimeout);
        environment[ClusterSettings.MissedProbesSetting] = MissedProbes.ToString(CultureInfo.InvariantCulture);
        environment[ClusterSettings.DeathVotesSetting] = DeathVotes.ToString(CultureInfo.InvariantCulture);
        environment[ClusterSettings.TableRefreshSetting] = Milliseconds(TableRefresh);
    }

    public override string ToString() =>
        $"probe {ProbeTimeout.TotalSeconds:0.#} s x {MissedProbes} missed, {DeathVotes} votes, table refresh {TableRefresh.TotalSeconds:0.#} s";

    internal static string Milliseconds(TimeSpan value) => ((long)value.TotalMilliseconds).ToString(CultureInfo.InvariantCulture);

    private static MembershipSettings FromClusterSettings(ClusterSettings settings) =>
        new(settings.ProbeTimeout, settings.MissedProbes, settings.DeathVotes, settings.TableRefresh);
}
