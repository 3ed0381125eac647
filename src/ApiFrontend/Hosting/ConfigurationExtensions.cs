using Microsoft.AspNetCore.Server.Kestrel.Core;
using Microsoft.Extensions.Options;
using System.Net;

namespace VetrAI.ApiFrontend.Hosting;

/// <summary>Turns the <c>VETRAI_*</c> settings into validated options and the Kestrel endpoint.</summary>
public static class ConfigurationExtensions
{
    /// <summary>Binds <see cref="FrontendOptions"/> from the environment, validates it at start, and makes
    /// Kestrel listen on <c>VETRAI_HTTP_BIND:VETRAI_HTTP_PORT</c> only.</summary>
    public static WebApplicationBuilder AddVetrAIConfiguration(this WebApplicationBuilder builder)
    {
        ArgumentNullException.ThrowIfNull(builder);
        builder.Services.AddOptions<FrontendOptions>()
            .Configure<IConfiguration>((options, configuration) =>
            {
                options.HttpPort = configuration.GetInt32(VetrAISettings.HttpPort, options.HttpPort);
                options.HttpBind = configuration.GetString(VetrAISettings.HttpBind) ?? options.HttpBind;
                options.DataDirectory = configuration.GetString(VetrAISettings.DataDirectory) ?? options.DataDirectory;
                options.PublicUrl = configuration.GetString(VetrAISettings.PublicUrl);
                options.RequireVerifiedEmailForApiKeys = configuration.GetBoolean(
                    VetrAISettings.RequireVerifiedEmailForApiKeys, options.RequireVerifiedEmailForApiKeys);
            })
            .ValidateOnStart();
        builder.Services.AddSingleton<IValidateOptions<FrontendOptions>, FrontendOptionsValidator>();
        builder.Services.AddOptions<KestrelServerOptions>()
            .Configure<IOptions<FrontendOptions>>((kestrel, frontend) =>
                kestrel.Listen(IPAddress.Parse(frontend.Value.HttpBind), frontend.Value.HttpPort));

        return builder;
    }
}
