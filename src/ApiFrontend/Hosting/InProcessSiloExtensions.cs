using Microsoft.Extensions.DependencyInjection.Extensions;
using Npgsql;
using VetrAI.ApiFrontend.Cluster;
using VetrAI.Runtime;
using VetrAI.Silo;

namespace VetrAI.ApiFrontend.Hosting;

/// <summary>Local mode: the front end hosts a silo in its own process (the same composition as the
/// standalone silo), so one process and one PostgreSQL run everything. With <c>VETRAI_CLUSTER_PORT</c>
/// set that silo joins a cluster; with <c>VETRAI_HOST_SILO=false</c> the front end is a pure cluster
/// client that sends every grain call to the silo that owns the grain.</summary>
public static class InProcessSiloExtensions
{
    /// <summary>Hosts a silo in-process unless <c>VETRAI_HOST_SILO</c> is false. Registered before the web
    /// server, the silo starts before Kestrel takes requests and stops after Kestrel stopped taking them.
    /// Also makes sure an <see cref="NpgsqlDataSource"/> for read-side queries exists either way.</summary>
    public static WebApplicationBuilder AddVetrAIInProcessSilo(this WebApplicationBuilder builder, Action<SiloOptions>? configure = null)
    {
        ArgumentNullException.ThrowIfNull(builder);
        var configuration = builder.Configuration;
        var hostSilo = configuration.GetBoolean(VetrAISettings.HostSilo, fallback: true);
        if (hostSilo)
        {
            var silo = builder.Services.AddVetrAISiloServices(configuration, options =>
            {
                ClusterConfiguration.ApplyCallTimeout(options, configuration);
                configure?.Invoke(options);
            });
            if (ClusterConfiguration.JoinsCluster(configuration))
            {
                silo.AddVetrAIClusterMembership(configuration);
            }
        }
        else
        {
            builder.Services.AddVetrAIClusterClient(options => ClusterConfiguration.Apply(options, configuration))
                .AddGrainContractsJson();
        }

        builder.Services.AddSingleton(new SiloHostingMode(hostSilo));
        builder.Services.TryAddSingleton(_ =>
            NpgsqlDataSource.Create(DatabaseConnectionString.FromConfiguration(configuration)));
        return builder;
    }
}

/// <summary>Whether this process hosts a silo (readiness then includes the silo's start).</summary>
internal sealed record SiloHostingMode(bool HostsSilo);
