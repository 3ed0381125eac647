using Microsoft.Extensions.DependencyInjection.Extensions;
using Npgsql;
using VetrAI.Runtime;
using VetrAI.Silo;

namespace VetrAI.ApiFrontend.Hosting;

/// <summary>Local mode: the front end hosts a silo in its own process (the same composition as the
/// standalone silo), so one process and one PostgreSQL run everything.</summary>
public static class InProcessSiloExtensions
{
    /// <summary>Hosts a silo in-process unless <c>VETRAI_HOST_SILO</c> is false. Registered before the web
    /// server, the silo starts before Kestrel takes requests and stops after Kestrel stopped taking them.
    /// Also makes sure an <see cref="NpgsqlDataSource"/> for read-side queries exists either way.</summary>
    public static WebApplicationBuilder AddVetrAIInProcessSilo(this WebApplicationBuilder builder, Action<SiloOptions>? configure = null)
    {
        ArgumentNullException.ThrowIfNull(builder);
        var hostSilo = builder.Configuration.GetBoolean(VetrAISettings.HostSilo, fallback: true);
        if (hostSilo)
        {
            builder.Services.AddVetrAISiloServices(builder.Configuration, configure);
        }

        builder.Services.AddSingleton(new SiloHostingMode(hostSilo));
        builder.Services.TryAddSingleton(_ =>
            NpgsqlDataSource.Create(DatabaseConnectionString.FromConfiguration(builder.Configuration)));
        return builder;
    }
}

/// <summary>Whether this process hosts a silo (readiness then includes the silo's start).</summary>
internal sealed record SiloHostingMode(bool HostsSilo);
