using VetrAI.Silo.Hosting;

namespace VetrAI.ApiFrontend.Hosting;

/// <summary>The two shapes of a front end. By default it co-hosts a silo (<c>builder.UseOrleans</c>): grain calls
/// go straight to the owning silo, with no gateway hop, and <c>./run.sh</c> is one process. With
/// <c>VETRAI_HOST_SILO=false</c> it is a client-only front end (<c>UseOrleansClient</c>) that holds no grains and
/// reaches the silos through their gateways, which it finds in Redis membership.</summary>
public static class InProcessSiloExtensions
{
    /// <summary>Adds the co-hosted silo or the cluster client. <paramref name="configureSilo"/> adjusts a co-hosted
    /// silo after the VetrAI composition (tests use it).</summary>
    public static WebApplicationBuilder AddVetrAIInProcessSilo(this WebApplicationBuilder builder, Action<ISiloBuilder>? configureSilo = null)
    {
        ArgumentNullException.ThrowIfNull(builder);
        var configuration = builder.Configuration;
        var hostSilo = configuration.GetBoolean(VetrAISettings.HostSilo, fallback: true);
        if (hostSilo)
        {
            builder.UseOrleans(silo =>
            {
                silo.AddVetrAISilo(configuration);
                configureSilo?.Invoke(silo);
            });
        }
        else
        {
            builder.UseOrleansClient(client => client.AddVetrAIClusterClient(configuration));
        }

        builder.Services.AddSingleton(new SiloHostingMode(hostSilo));
        return builder;
    }
}

/// <summary>Whether this process hosts a silo.</summary>
internal sealed record SiloHostingMode(bool HostsSilo);
