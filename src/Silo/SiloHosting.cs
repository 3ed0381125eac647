using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using VetrAI.Grains;
using VetrAI.Runtime;

namespace VetrAI.Silo;

/// <summary>The composition of a VetrAI silo, shared by the standalone silo process and the front end's
/// in-process silo so both host exactly the same grains with the same settings.</summary>
public static class SiloHosting
{
    /// <summary>The environment variable naming the cluster (silos sharing a database but not a cluster id
    /// never see each other).</summary>
    public const string ClusterIdSetting = "VETRAI_CLUSTER_ID";

    /// <summary>Adds a silo hosting every VetrAI grain, configured from the <c>VETRAI_*</c> settings in
    /// <paramref name="configuration"/>. <paramref name="configure"/> adjusts the silo options after that
    /// (tests shorten timings with it).</summary>
    public static ISiloBuilder AddVetrAISiloServices(
        this IServiceCollection services,
        IConfiguration configuration,
        Action<SiloOptions>? configure = null)
    {
        ArgumentNullException.ThrowIfNull(services);
        ArgumentNullException.ThrowIfNull(configuration);
        var connectionString = DatabaseConnectionString.FromConfiguration(configuration);
        var clusterId = configuration[ClusterIdSetting];
        return services
            .AddVetrAISilo(options =>
            {
                options.ConnectionString = connectionString;
                if (!string.IsNullOrWhiteSpace(clusterId))
                {
                    options.ClusterId = clusterId;
                }

                configure?.Invoke(options);
            })
            .AddVetrAIGrains();
    }
}
