using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
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

    /// <summary>How long a stopping silo host waits for its grains to deactivate and persist.</summary>
    public static readonly TimeSpan ShutdownTimeout = TimeSpan.FromSeconds(45);

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
        // Stopping deactivates and persists every grain; give it more than .NET's 30 s default,
        // and less than the 60 s grace period Kubernetes allows the pod (k8s/base).
        services.Configure<HostOptions>(options => options.ShutdownTimeout = ShutdownTimeout);
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
