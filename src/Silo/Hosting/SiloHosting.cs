using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Orleans.Configuration;
using Orleans.Dashboard;
using VetrAI.Grains;
using VetrAI.Silo.Storage;

namespace VetrAI.Silo.Hosting;

/// <summary>The composition of a VetrAI silo, shared by the standalone silo process and the front end's co-hosted
/// silo, so both host exactly the same grains with the same settings.</summary>
public static class SiloHosting
{
    /// <summary>How long a stopping host waits for its grains to deactivate and persist: more than .NET's 30 s
    /// default, less than the 60 s grace period Kubernetes gives the pod (k8s/base).</summary>
    public static readonly TimeSpan ShutdownTimeout = TimeSpan.FromSeconds(45);

    /// <summary>Makes <paramref name="silo"/> a VetrAI silo configured from the <c>VETRAI_*</c> settings of
    /// <paramref name="configuration"/>: Redis membership, PostgreSQL state and reminders, every grain.</summary>
    public static ISiloBuilder AddVetrAISilo(this ISiloBuilder silo, IConfiguration configuration)
    {
        ArgumentNullException.ThrowIfNull(silo);
        ArgumentNullException.ThrowIfNull(configuration);
        var cluster = ClusterSettings.FromConfiguration(configuration);
        var connectionString = DatabaseConnectionString.FromConfiguration(configuration);
        silo.Services.Configure<HostOptions>(options => options.ShutdownTimeout = ShutdownTimeout);
        silo.Configure<ClusterOptions>(options =>
        {
            options.ClusterId = cluster.ClusterId;
            options.ServiceId = cluster.ServiceId;
        });
        silo.ConfigureEndpoints(cluster.AdvertisedAddress, cluster.SiloPort, cluster.GatewayPort);
        silo.UseRedisClustering(options => RedisMembership.Configure(options, cluster));
        silo.Configure<ClusterMembershipOptions>(options => MembershipTimings.Apply(options, cluster));
        silo.Services.AddVetrAIExceptionSerialization();
        silo.Configure<SiloMessagingOptions>(options =>
        {
            options.ResponseTimeout = cluster.CallTimeout;
            options.SystemResponseTimeout = cluster.CallTimeout;
        });
        silo.AddVetrAIGrainHosting(connectionString);

        // Grain calls continue the caller's trace (W3C trace context in the message); without a listener
        // (no OTLP endpoint) no activity is created. A call from a trace nobody records is not traced again here
        // (UnsampledTraceFilter); it must come first among the filters, before Orleans' own.
        if (TelemetrySettings.FromConfiguration(configuration).ExportsTraces)
        {
            silo.AddIncomingGrainCallFilter<UnsampledTraceFilter>();
        }

        silo.AddActivityPropagation();

        // The dashboard's data lives in grains on every silo; its grain-call profiler only runs while someone
        // is looking (it switches itself off a minute after the last dashboard request).
        silo.AddDashboard();
        if (KubernetesEnvironment.IsPresent(configuration))
        {
            // Labels the pod with its silo and deletes pods of silos the cluster declared dead.
            silo.UseKubernetesHosting();
        }

        return silo;
    }

    /// <summary>What a VetrAI silo hosts, without its cluster settings: PostgreSQL state and reminders and every
    /// grain. <see cref="AddVetrAISilo"/> uses it; so do tests on Orleans' in-process test cluster, which brings
    /// its own membership and transport.</summary>
    public static ISiloBuilder AddVetrAIGrainHosting(this ISiloBuilder silo, string connectionString)
    {
        ArgumentNullException.ThrowIfNull(silo);
        return silo.AddVetrAIPostgres(connectionString).AddVetrAIGrains();
    }
}
