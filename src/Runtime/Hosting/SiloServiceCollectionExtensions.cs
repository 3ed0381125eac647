using Microsoft.Extensions.DependencyInjection;

namespace VetrAI.Runtime;

/// <summary>Adds a silo to a host.</summary>
public static class SiloServiceCollectionExtensions
{
    /// <summary>Hosts a silo in this process: activations, grain storage, reminders and the silo's
    /// lifecycle (schema migration at start, graceful deactivation of every grain at stop).
    /// <see cref="IGrainFactory"/> is available from the container.</summary>
    public static ISiloBuilder AddVetrAISilo(this IServiceCollection services, Action<SiloOptions>? configure = null)
    {
        ArgumentNullException.ThrowIfNull(services);
        var options = services.AddOptions<SiloOptions>();
        if (configure is not null)
        {
            options.Configure(configure);
        }

        return new SiloBuilder(services);
    }
}
