using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;
using VetrAI.Grains.Notifications.Sms;

namespace VetrAI.Grains.Notifications;

/// <summary>Hosts notifications in a silo.</summary>
public static class NotificationsSiloBuilderExtensions
{
    /// <summary>Adds the inbox and template grains, their JSON metadata, delivery (MailKit for email, Twilio for
    /// SMS) and <see cref="NotificationOptions"/> (VETRAI_NOTIFICATIONS_*).</summary>
    public static ISiloBuilder AddNotificationsFeature(this ISiloBuilder silo)
    {
        ArgumentNullException.ThrowIfNull(silo);
        var services = silo.Services;
        services.AddOptions<NotificationOptions>()
            .Configure<IConfiguration>((options, configuration) =>
            {
                if (long.TryParse(configuration["VETRAI_NOTIFICATIONS_RETRY_BASE_MS"], out var milliseconds))
                {
                    options.RetryBaseDelay = TimeSpan.FromMilliseconds(milliseconds);
                }

                if (int.TryParse(configuration["VETRAI_NOTIFICATIONS_MAX_ATTEMPTS"], out var attempts))
                {
                    options.MaxAttempts = attempts;
                }
            })
            .ValidateOnStart();
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<NotificationOptions>, NotificationOptionsValidator>());
        services.AddOptions<SmtpOptions>()
            .Configure<IConfiguration>((options, configuration) => SmtpOptions.Bind(options, configuration))
            .ValidateOnStart();
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<SmtpOptions>, SmtpOptionsValidator>());
        services.TryAddSingleton(TimeProvider.System);
        services.TryAddSingleton<IEmailDelivery, MailKitEmailDelivery>();
        services.AddVetrAISms();
        services.TryAddSingleton<ISmsDelivery, Sms.TwilioSmsDelivery>();
        services.TryAddSingleton<IEmailBranding, OrganizationEmailBranding>();
        services.TryAddSingleton<EmailComposer>();
        services.TryAddSingleton<DeliveryMetrics>();
        services.TryAddSingleton<INotifier, GrainNotifier>();
        return silo.AddStateJson(NotificationsStateJsonContext.Default);
    }
}
