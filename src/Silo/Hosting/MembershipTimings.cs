using Orleans.Configuration;

namespace VetrAI.Silo.Hosting;

/// <summary>How fast the cluster declares a silo dead. A silo is dead once <see cref="ClusterSettings.DeathVotes"/>
/// members each missed <see cref="ClusterSettings.MissedProbes"/> probes in a row, a probe being missed after
/// <see cref="ClusterSettings.ProbeTimeout"/>; Orleans' defaults (5 s x 3) took 12 s here (bench/README.md).</summary>
internal static class MembershipTimings
{
    public static void Apply(ClusterMembershipOptions options, ClusterSettings cluster)
    {
        options.ProbeTimeout = cluster.ProbeTimeout;
        options.NumMissedProbesLimit = cluster.MissedProbes;
        options.NumVotesForDeathDeclaration = cluster.DeathVotes;
        options.TableRefreshTimeout = cluster.TableRefresh;
        // A vote older than the time a full detection takes is stale.
        options.DeathVoteExpirationTimeout = cluster.ProbeTimeout * (cluster.MissedProbes + 1) * 2;
    }
}
