using Microsoft.Extensions.Configuration;
using Orleans.Configuration;
using Orleans.Dashboard;
using Microsoft.Extensions.Hosting;

namespace VetrAI.Silo.Hosting;

/// <summary>The composition of a client-only front end: it finds the silos' gateways in Redis membership and
/// sends every grain call through one of them.</summary>
public static class ClientHosting
{
    /// <summary>Makes <paramref name="client"/> a client of the cluster named by the <c>VETRAI_*</c> settings.</summary>
    public static IClientBuilder AddVetrAIClusterClient(this IClientBuilder client, IConfiguration configuration)
    {
        ArgumentNullException.ThrowIfNull(client);
        ArgumentNullException.ThrowIfNull(configuration);
        var cluster = ClusterSettings.FromConfiguration(configuration);
        client.Configure<ClusterOptions>(options =>
        {
            options.ClusterId = cluster.ClusterId;
            options.ServiceId = cluster.ServiceId;
        });
        client.UseRedisClustering(options => RedisMembership.Configure(options, cluster));
        client.Configure<ClientMessagingOptions>(options => options.ResponseTimeout = cluster.CallTimeout);
        client.Services.AddVetrAIExceptionSerialization();
        client.Configure<GatewayOptions>(options => options.GatewayListRefreshPeriod = cluster.TableRefresh);

        // A grain call carries the HTTP request's trace to the silo that runs it.
        client.AddActivityPropagation();

        // Serves the dashboard's pages from the front end; its data comes from the silos' dashboard grains.
        client.AddDashboard();
        return client;
    }
}
