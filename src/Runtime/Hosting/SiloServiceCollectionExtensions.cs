using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;
using VetrAI.Runtime.Activation;
using VetrAI.Runtime.Hosting;
using VetrAI.Runtime.Messaging;
using VetrAI.Runtime.Placement;
using VetrAI.Runtime.Reminders;
using VetrAI.Runtime.Serialization;
using VetrAI.Runtime.Storage;

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

        options.ValidateOnStart();
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<SiloOptions>, SiloOptionsValidator>());
        services.AddVetrAIGrainCalls();

        services.TryAddSingleton(sp => GrainDataSource.Create(sp.GetRequiredService<IOptions<SiloOptions>>().Value.ConnectionString));
        services.TryAddSingleton<GrainStorage>();
        services.TryAddSingleton<SchemaMigrator>();
        services.TryAddSingleton<IReminderRegistry, ReminderRegistry>();
        services.TryAddSingleton<ReminderPoller>();
        services.TryAddSingleton<GrainClassRegistry>();
        services.TryAddSingleton<ActivationCatalog>();
        services.TryAddSingleton<IActivationCatalog>(sp => sp.GetRequiredService<ActivationCatalog>());
        services.TryAddSingleton<IRemoteCallHandler, RemoteCallHandler>();
        services.TryAddSingleton<IdleCollector>();
        services.AddHostedService<SiloLifecycle>();
        return new SiloBuilder(services);
    }

    /// <summary>What any process that calls grains needs, with or without a silo: serializer options,
    /// interface metadata, the router and <see cref="IGrainFactory"/>. Placement defaults to "everything is
    /// local"; the cluster registers its own director and an <see cref="IRemoteCallSender"/>.</summary>
    internal static IServiceCollection AddVetrAIGrainCalls(this IServiceCollection services)
    {
        services.AddOptions<SiloOptions>();
        services.TryAddSingleton<GrainJsonOptions>();
        services.TryAddSingleton<GrainInterfaceRegistry>();
        services.TryAddSingleton<GrainCallRouter>();
        services.TryAddSingleton<GrainFactory>();
        services.TryAddSingleton<IGrainFactory>(sp => sp.GetRequiredService<GrainFactory>());
        services.TryAddSingleton<IPlacementDirector, LocalPlacementDirector>();
        return services;
    }
}
