using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Npgsql;
using VetrAI.Runtime.Hosting;
using VetrAI.Runtime.Membership;
using VetrAI.Runtime.Messaging;
using VetrAI.Runtime.Placement;

namespace VetrAI.Runtime;

/// <summary>Turns a silo into a cluster member, or a process without a silo into a cluster client.</summary>
public static class ClusterServiceCollectionExtensions
{
    private const string DefaultClusterId = "vetrai";

    /// <summary>Makes this silo a member of a cluster: it joins the membership table, owns the grains
    /// that rendezvous hashing gives it over the active silos, serves calls from other members on
    /// its cluster port (HTTP/2, authenticated by the shared secret) and sends calls for grains it
    /// does not own to their owners. Call after <see cref="SiloServiceCollectionExtensions.AddVetrAISilo"/>.
    /// <see cref="IClusterHealth"/> is available from the container.</summary>
    public static ISiloBuilder UseClustering(this ISiloBuilder builder, Action<ClusterOptions>? configure = null)
    {
        ArgumentNullException.ThrowIfNull(builder);
        var services = builder.Services;
        AddClusterOptions(services, configure)
            .PostConfigure<IOptions<SiloOptions>>((cluster, silo) =>
            {
                cluster.ConnectionString = Or(cluster.ConnectionString, silo.Value.ConnectionString);
                cluster.ClusterId = Or(cluster.ClusterId, silo.Value.ClusterId);
                cluster.CallTimeout = cluster.CallTimeout > TimeSpan.Zero ? cluster.CallTimeout : silo.Value.CallTimeout;
            });
        AddClusterCore(services, isSilo: true);
        // GrainStorage takes it when present: this silo's writes commit only while its row is live.
        services.TryAddSingleton<MembershipFence>();
        // Hosted services start in registration order and stop in reverse: the runtime (schema,
        // activations) first, then the cluster port, then the membership row that advertises it.
        services.AddHostedService<ClusterEndpoint>();
        services.AddSingleton<MembershipAgent>();
        services.AddHostedService(sp => sp.GetRequiredService<MembershipAgent>());
        return builder;
    }

    /// <summary>Registers the cluster parts of a process that hosts no silo (a front end): it reads
    /// the membership table, places grains as the silos do, and sends every grain call to its owner.
    /// <see cref="IClusterHealth"/> is available from the container.</summary>
    public static IClusterClientBuilder AddVetrAIClusterClient(this IServiceCollection services, Action<ClusterOptions>? configure = null)
    {
        ArgumentNullException.ThrowIfNull(services);
        AddClusterOptions(services, configure)
            .PostConfigure(cluster =>
            {
                cluster.ClusterId = Or(cluster.ClusterId, DefaultClusterId);
                cluster.CallTimeout = cluster.CallTimeout > TimeSpan.Zero ? cluster.CallTimeout : new SiloOptions().CallTimeout;
            });
        services.AddVetrAIGrainCalls();
        // The grain references' call timeout is the silo option's; a client takes it from its cluster options.
        services.AddOptions<SiloOptions>().Configure<IOptions<ClusterOptions>>((silo, cluster) => silo.CallTimeout = cluster.Value.CallTimeout);
        AddClusterCore(services, isSilo: false);
        services.AddHostedService<MembershipReader>();
        return new ClusterClientBuilder(services);
    }

    private static OptionsBuilder<ClusterOptions> AddClusterOptions(IServiceCollection services, Action<ClusterOptions>? configure)
    {
        var options = services.AddOptions<ClusterOptions>();
        if (configure is not null)
        {
            options.Configure(configure);
        }

        services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<ClusterOptions>, ClusterOptionsValidator>());
        options.ValidateOnStart();
        return options;
    }

    private static void AddClusterCore(IServiceCollection services, bool isSilo)
    {
        services.TryAddSingleton(new LocalSiloIdentity(isSilo));
        services.TryAddSingleton(sp =>
        {
            var options = sp.GetRequiredService<IOptions<ClusterOptions>>().Value;
            var dataSource = new NpgsqlDataSourceBuilder(options.ConnectionString) { Name = "vetrai-membership" }.Build();
            return new MembershipTable(dataSource, options.ClusterId);
        });
        services.TryAddSingleton(sp =>
        {
            var membership = new ClusterMembership(
                sp.GetRequiredService<MembershipTable>(), sp.GetRequiredService<ILogger<ClusterMembership>>());
            membership.ViewChanged += view => sp.GetRequiredService<ClusterTransport>().Forget(view);
            return membership;
        });
        services.TryAddSingleton<IClusterHealth>(sp => sp.GetRequiredService<ClusterMembership>());
        services.TryAddSingleton(sp => new ClusterSecret(sp.GetRequiredService<IOptions<ClusterOptions>>().Value.Secret));
        services.TryAddSingleton<RendezvousPlacementDirector>();
        services.RemoveAll<IPlacementDirector>();
        services.AddSingleton<IPlacementDirector>(sp => sp.GetRequiredService<RendezvousPlacementDirector>());
        services.TryAddSingleton<ClusterTransport>();
        services.RemoveAll<IRemoteCallSender>();
        services.AddSingleton<IRemoteCallSender>(sp => sp.GetRequiredService<ClusterTransport>());
    }

    private static string Or(string value, string fallback) => string.IsNullOrWhiteSpace(value) ? fallback : value;
}
