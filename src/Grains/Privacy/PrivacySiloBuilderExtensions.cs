using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;
using VetrAI.Grains.Audit;
using VetrAI.Grains.Jobs;

namespace VetrAI.Grains.Privacy;

internal static class PrivacySiloBuilderExtensions
{
    /// <summary>Adds the GDPR features: the <c>user_export</c> job handler, the export and erasure grains' services,
    /// their state's JSON metadata and <see cref="PrivacyOptions"/> (VETRAI_GDPR_*).</summary>
    public static ISiloBuilder AddPrivacyFeature(this ISiloBuilder builder)
    {
        var services = builder.Services;
        services.AddOptions<PrivacyOptions>()
            .Configure<IConfiguration>((options, configuration) => PrivacyOptions.Bind(options, configuration))
            .ValidateOnStart();
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<PrivacyOptions>, PrivacyOptionsValidator>());
        services.TryAddSingleton<AuditPersonalData>();
        services.TryAddSingleton<TicketsOfUser>();
        services.TryAddSingleton<PersonalDataArchive>();
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IJobHandler, UserExportJobHandler>());
        return builder.AddStateJson(PrivacyStateJsonContext.Default);
    }
}
