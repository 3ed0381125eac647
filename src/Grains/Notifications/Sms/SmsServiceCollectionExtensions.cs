using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;

namespace VetrAI.Grains.Notifications.Sms;

/// <summary>Registers SMS sending.</summary>
public static class SmsServiceCollectionExtensions
{
    /// <summary>Adds <see cref="TwilioOptions"/> (VETRAI_TWILIO_*, checked at start: a bad value stops the host with
    /// a message naming the setting) and the Twilio <see cref="ISmsSender"/>.</summary>
    public static IServiceCollection AddVetrAISms(this IServiceCollection services)
    {
        services.AddOptions<TwilioOptions>()
            .Configure<IConfiguration>((options, configuration) => TwilioOptions.Bind(options, configuration))
            .ValidateOnStart();
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<TwilioOptions>, TwilioOptionsValidator>());
        services.TryAddSingleton<ISmsSender, TwilioSmsSender>();
        return services;
    }
}
