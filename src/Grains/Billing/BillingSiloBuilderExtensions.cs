using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;

namespace VetrAI.Grains.Billing;

/// <summary>Hosts billing in a silo.</summary>
public static class BillingSiloBuilderExtensions
{
    /// <summary>Adds the billing and customer-index grains, their JSON metadata, the Stripe gateway and
    /// <see cref="BillingOptions"/>.</summary>
    public static ISiloBuilder AddBillingFeature(this ISiloBuilder silo)
    {
        ArgumentNullException.ThrowIfNull(silo);
        silo.Services.AddVetrAIBillingOptions();
        silo.Services.TryAddSingleton(TimeProvider.System);
        silo.Services.TryAddSingleton<IStripeGateway, StripeGateway>();
        return silo.AddStateJson(BillingStateJsonContext.Default);
    }

    /// <summary>Billing options (VETRAI_STRIPE_*, VETRAI_BILLING_*), for hosts that need them without hosting the
    /// grains (a front end checking webhook signatures).</summary>
    public static IServiceCollection AddVetrAIBillingOptions(this IServiceCollection services)
    {
        services.AddOptions<BillingOptions>()
            .Configure<IConfiguration>((options, configuration) => BillingOptions.Bind(options, configuration))
            .ValidateOnStart();
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<BillingOptions>, BillingOptionsValidator>());
        return services;
    }
}
