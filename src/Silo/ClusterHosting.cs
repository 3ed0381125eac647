using Microsoft.Extensions.Configuration;
using VetrAI.Runtime;

namespace VetrAI.Silo;

/// <summary>The cluster side of the silo's composition.</summary>
public static class ClusterHosting
{
    /// <summary>Makes the silo a cluster member configured from the environment (VETRAI_CLUSTER_*,
    /// VETRAI_ADVERTISED_ADDRESS; see the README).</summary>
    public static ISiloBuilder AddVetrAIClusterMembership(this ISiloBuilder builder, IConfiguration configuration) =>
        builder.UseClustering(options => ClusterConfiguration.Apply(options, configuration));
}
