using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using VetrAI.Runtime;

namespace VetrAI.Silo.Hosting;

/// <summary>The silo's composition, shared by the standalone silo and the front end's in-process silo.</summary>
public static class SiloHosting
{
    /// <summary>Adds a silo hosting every VetrAI grain, configured from the environment.</summary>
    public static ISiloBuilder AddVetrAISiloServices(this IServiceCollection services, IConfiguration configuration)
    {
        ArgumentNullException.ThrowIfNull(configuration);
        return services.AddVetrAISilo(options =>
        {
            options.ConnectionString = DatabaseUrl.ToConnectionString(configuration["VETRAI_DATABASE_URL"]);
            options.ClusterId = configuration["VETRAI_CLUSTER_ID"] ?? options.ClusterId;
            options.CallTimeout = ClusterConfiguration.Duration(configuration, "VETRAI_CALL_TIMEOUT") ?? options.CallTimeout;
        });
    }

    /// <summary>Makes the silo a cluster member configured from the environment (VETRAI_CLUSTER_*).</summary>
    public static ISiloBuilder AddVetrAIClusterMembership(this ISiloBuilder builder, IConfiguration configuration) =>
        builder.UseClustering(options => ClusterConfiguration.Apply(options, configuration));
}
