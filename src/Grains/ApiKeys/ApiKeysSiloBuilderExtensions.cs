using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using VetrAI.Grains.Abstractions.ApiKeys;

namespace VetrAI.Grains.ApiKeys;

/// <summary>Hosts the API-key grains in a silo.</summary>
public static class ApiKeysSiloBuilderExtensions
{
    /// <summary>Adds the key, registry and quota grains, their JSON metadata and <see cref="ApiKeysOptions"/>
    /// (bound from the <c>ApiKeys</c> configuration section). The usage table's migration is one of this
    /// assembly's, registered once for all features.</summary>
    public static ISiloBuilder AddApiKeysFeature(this ISiloBuilder silo)
    {
        ArgumentNullException.ThrowIfNull(silo);
        silo.Services.AddOptions<ApiKeysOptions>().BindConfiguration("ApiKeys").ValidateOnStart();
        silo.Services.TryAddEnumerable(ServiceDescriptor.Singleton<Microsoft.Extensions.Options.IValidateOptions<ApiKeysOptions>, ApiKeysOptionsValidator>());
        silo.Services.TryAddSingleton(TimeProvider.System);
        silo.Services.TryAddSingleton<ApiKeyUsageStore>();
        silo.Services.TryAddSingleton<ApiKeyMetrics>();
        silo.Services.TryAddSingleton<Billing.IOrganizationUsageReader>(services => services.GetRequiredService<ApiKeyUsageStore>());
        silo.Services.TryAddSingleton<IOrganizationLimitsReader, OrganizationGrainLimitsReader>();
        return silo
            .AddStateJson(ApiKeysJsonContext.Default)
            .AddStateJson(ApiKeyStateJsonContext.Default);
    }
}
