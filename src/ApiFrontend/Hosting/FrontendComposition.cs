using VetrAI.ApiFrontend.Auth;
using VetrAI.ApiFrontend.Errors;
using VetrAI.ApiFrontend.Health;
using VetrAI.ApiFrontend.OpenApi;
using VetrAI.ApiFrontend.Requests;

namespace VetrAI.ApiFrontend.Hosting;

/// <summary>The whole front end, one concern per call. Program.cs and the end-to-end test host both use
/// these two methods, so tests run exactly the composition production runs.</summary>
public static class FrontendComposition
{
    /// <summary>Registers every service of the front end (and the in-process silo).</summary>
    public static WebApplicationBuilder AddVetrAIFrontend(this WebApplicationBuilder builder, Action<ISiloBuilder>? configureSilo = null)
    {
        ArgumentNullException.ThrowIfNull(builder);
        return builder
            .AddVetrAIConfiguration()
            .AddVetrAILogging()
            .AddVetrAIFrontendTelemetry()
            .AddVetrAIErrorHandling()
            .AddVetrAIOpenApi()
            .AddVetrAIAuth()
            .AddVetrAIApi()
            .AddVetrAIInProcessSilo(configureSilo);
    }

    /// <summary>Builds the request pipeline and maps every endpoint.</summary>
    public static WebApplication UseVetrAIFrontend(this WebApplication app)
    {
        ArgumentNullException.ThrowIfNull(app);
        app.UseVetrAIRequestIds();
        app.UseVetrAIErrorHandling();
        app.UseVetrAIQueryStringGuard();
        app.UseRouting();
        app.UseVetrAICallers();
        app.MapVetrAIHealth();
        app.MapVetrAIOpenApi();
        app.MapVetrAIApi();
        app.VerifyEveryApiEndpointDeclaresItsCallers();
        return app;
    }
}
