using Microsoft.Extensions.Options;
using VetrAI.ApiFrontend.Hosting;

namespace VetrAI.ApiFrontend.Auth;

/// <summary>Authentication and role checks of the front end.</summary>
public static class AuthHostingExtensions
{
    /// <summary>Registers token signing/validation (key from <c>VETRAI_JWT_SIGNING_KEY</c> or the data
    /// directory), caller resolution and the super admin bootstrap.</summary>
    public static WebApplicationBuilder AddVetrAIAuth(this WebApplicationBuilder builder)
    {
        ArgumentNullException.ThrowIfNull(builder);
        var services = builder.Services;
        services.AddOptions<JwtOptions>()
            .Configure<IConfiguration, IOptions<FrontendOptions>>((options, configuration, frontend) =>
                options.SigningKey = SigningKeyStore.Resolve(configuration.GetString(VetrAISettings.JwtSigningKey), frontend.Value.DataDirectory))
            .ValidateOnStart();
        services.AddSingleton<IValidateOptions<JwtOptions>, JwtOptionsValidator>();
        services.AddOptions<BootstrapAdminOptions>()
            .Configure<IConfiguration>((options, configuration) =>
            {
                options.Email = configuration.GetString(VetrAISettings.BootstrapAdminEmail);
                options.Password = configuration[VetrAISettings.BootstrapAdminPassword] is { Length: > 0 } password ? password : null;
            })
            .ValidateOnStart();
        services.AddSingleton<IValidateOptions<BootstrapAdminOptions>, BootstrapAdminOptionsValidator>();
        services.AddSingleton<AccessTokens>();
        services.AddSingleton<CallerResolver>();
        services.AddSingleton<BootstrapAdmin>();
        services.AddHostedService(provider => provider.GetRequiredService<BootstrapAdmin>());
        return builder;
    }

    /// <summary>Enforces the endpoints' caller requirements; goes right after routing.</summary>
    public static WebApplication UseVetrAICallers(this WebApplication app)
    {
        ArgumentNullException.ThrowIfNull(app);
        app.UseMiddleware<CallerMiddleware>();
        return app;
    }

    /// <summary>Refuses to start when an endpoint under <c>/api/</c> declares neither roles
    /// (<see cref="CallerEndpointConventions.RequireRoles{TBuilder}"/>) nor anonymous access.</summary>
    public static void VerifyEveryApiEndpointDeclaresItsCallers(this WebApplication app)
    {
        ArgumentNullException.ThrowIfNull(app);
        var undeclared = ((IEndpointRouteBuilder)app).DataSources
            .SelectMany(source => source.Endpoints)
            .OfType<RouteEndpoint>()
            .Where(endpoint => endpoint.RoutePattern.RawText?.StartsWith("/api/", StringComparison.Ordinal) == true)
            .Where(endpoint => endpoint.Metadata.GetMetadata<CallerRequirement>() is null
                && endpoint.Metadata.GetMetadata<Microsoft.AspNetCore.Authorization.IAllowAnonymous>() is null)
            .Select(endpoint => endpoint.DisplayName ?? endpoint.RoutePattern.RawText)
            .ToList();
        if (undeclared.Count > 0)
        {
            throw new InvalidOperationException(
                $"These endpoints declare no callers (use RequireRoles, RequireCaller or AllowAnonymous): {string.Join("; ", undeclared)}");
        }
    }
}
