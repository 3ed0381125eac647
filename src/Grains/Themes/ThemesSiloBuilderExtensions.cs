using System.Globalization;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;

namespace VetrAI.Grains.Themes;

/// <summary>Hosts themes in a silo.</summary>
public static class ThemesSiloBuilderExtensions
{
    /// <summary>Adds the theme grain's JSON metadata and the theme options.</summary>
    public static ISiloBuilder AddThemesFeature(this ISiloBuilder builder)
    {
        ArgumentNullException.ThrowIfNull(builder);
        builder.Services.AddVetrAIThemeOptions();
        return builder.AddStateJson(ThemeStateJsonContext.Default);
    }

    /// <summary>Theme options (VETRAI_THEMES_MAX_IMAGE_BYTES, VETRAI_PUBLIC_URL), also for front ends that check
    /// uploads without hosting the grains. A malformed value stops the start naming the setting.</summary>
    public static IServiceCollection AddVetrAIThemeOptions(this IServiceCollection services)
    {
        ArgumentNullException.ThrowIfNull(services);
        services.AddOptions<ThemeOptions>()
            .Configure<IConfiguration>((options, configuration) =>
            {
                if (configuration["VETRAI_THEMES_MAX_IMAGE_BYTES"] is { Length: > 0 } maxBytes)
                {
                    options.MaxImageBytes = long.TryParse(maxBytes, NumberStyles.None, CultureInfo.InvariantCulture, out var parsed) ? parsed : -1;
                }

                var port = configuration["VETRAI_HTTP_PORT"] is { Length: > 0 } httpPort ? httpPort.Trim() : "8080";
                options.PublicUrl = (configuration["VETRAI_PUBLIC_URL"] is { Length: > 0 } url ? url.Trim() : $"http://127.0.0.1:{port}").TrimEnd('/');
            })
            .ValidateOnStart();
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<ThemeOptions>, ThemeOptionsValidator>());
        return services;
    }
}
