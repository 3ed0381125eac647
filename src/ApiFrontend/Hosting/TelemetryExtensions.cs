using OpenTelemetry.Metrics;
using OpenTelemetry.Trace;
using VetrAI.Silo.Hosting;

namespace VetrAI.ApiFrontend.Hosting;

/// <summary>The front end's OpenTelemetry: the process-wide part (<see cref="TelemetryHosting"/>) plus ASP.NET
/// Core's request spans and metrics.</summary>
public static class TelemetryExtensions
{
    public static WebApplicationBuilder AddVetrAIFrontendTelemetry(this WebApplicationBuilder builder)
    {
        ArgumentNullException.ThrowIfNull(builder);
        var configuration = builder.Configuration;
        var serviceName = configuration.GetBoolean(VetrAISettings.HostSilo, fallback: true)
            ? TelemetryHosting.CoHostedServiceName
            : TelemetryHosting.FrontendServiceName;
        builder.Services.AddVetrAITelemetry(
            configuration,
            serviceName,
            tracing => tracing.AddAspNetCoreInstrumentation(options =>
                // Orchestrators probe every few seconds; those traces would only crowd out real ones.
                options.Filter = context => !context.Request.Path.StartsWithSegments("/health", StringComparison.OrdinalIgnoreCase)),
            // Of ASP.NET Core's meters only the request duration (rate, latency, status by route) and Kestrel's
            // connections: routing's and active-request counts are two more updates on every request, which the
            // API-key validation path pays for (bench/README.md, "Tracing on and off").
            metrics => metrics
                .AddMeter("Microsoft.AspNetCore.Hosting", "Microsoft.AspNetCore.Server.Kestrel")
                .AddView("http.server.active_requests", MetricStreamConfiguration.Drop));
        return builder;
    }
}
