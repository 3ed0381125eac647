using System.Globalization;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Npgsql;
using OpenTelemetry.Metrics;
using OpenTelemetry.Resources;
using OpenTelemetry.Trace;
using VetrAI.Grains.Telemetry;

namespace VetrAI.Silo.Hosting;

/// <summary>OpenTelemetry traces and metrics of one VetrAI process, configured only by the standard
/// <c>OTEL_*</c> settings. Without an OTLP endpoint nothing is registered at all: no provider, no listener, so
/// nothing is collected either. README, "Observability", is the operator's side of this.</summary>
public static class TelemetryHosting
{
    /// <summary>Default service name of a standalone silo process.</summary>
    public const string SiloServiceName = "vetrai-silo";

    /// <summary>Default service name of a client-only front end.</summary>
    public const string FrontendServiceName = "vetrai-frontend";

    /// <summary>Default service name of a front end that co-hosts a silo (<c>./run.sh</c>): one process, both roles.</summary>
    public const string CoHostedServiceName = "vetrai";

    /// <summary>Share of new traces recorded when <c>OTEL_TRACES_SAMPLER</c> is unset. Parent-based, so a
    /// trace is kept or dropped whole. 1 %: the API-key validation path runs at tens of thousands of requests a
    /// second, where 1 % is still hundreds of traces a second (bench/README.md, "Tracing on and off").</summary>
    public const double DefaultSamplingRatio = 0.01;

    /// <summary>The grain-call spans. Orleans' other source (<c>Microsoft.Orleans.Runtime</c>) traces its system
    /// targets (membership, directory, reminders): root spans no request caused, left out on purpose.</summary>
    public const string OrleansActivitySource = "Microsoft.Orleans.Application";

    /// <summary>Orleans' own meter (activations, messages, gateway, ...).</summary>
    public const string OrleansMeter = "Microsoft.Orleans";

    /// <summary>The Orleans instruments exported (README, "Observability"). Orleans publishes dozens more, several
    /// updated on every message (sizes, queue times, header counts); a view drops them, so nothing listens to them
    /// and the API-key validation path does not pay for them.</summary>
    public static readonly IReadOnlySet<string> OrleansInstruments = new HashSet<string>(StringComparer.Ordinal)
    {
        "orleans-catalog-activations",
        "orleans-app-requests-latency",
        "orleans-messaging-processing-dispatcher-received",
    };

    /// <summary>Adds traces and metrics for the process when an OTLP endpoint is set; does nothing otherwise.
    /// <paramref name="tracing"/> and <paramref name="metrics"/> add what only this kind of process has (the front
    /// end's ASP.NET Core instrumentation).</summary>
    public static IServiceCollection AddVetrAITelemetry(
        this IServiceCollection services,
        IConfiguration configuration,
        string defaultServiceName,
        Action<TracerProviderBuilder>? tracing = null,
        Action<MeterProviderBuilder>? metrics = null)
    {
        ArgumentNullException.ThrowIfNull(services);
        ArgumentNullException.ThrowIfNull(configuration);
        var settings = TelemetrySettings.FromConfiguration(configuration);
        if (!settings.ExportsTraces && !settings.ExportsMetrics)
        {
            return services;
        }

        var telemetry = services.AddOpenTelemetry();
        if (settings.ServiceName is null)
        {
            // OTEL_SERVICE_NAME (or service.name in OTEL_RESOURCE_ATTRIBUTES) wins when set; the SDK reads both.
            telemetry.ConfigureResource(resource => resource.AddService(defaultServiceName));
        }

        if (settings.ExportsTraces)
        {
            telemetry.WithTracing(builder =>
            {
                if (settings.Sampler is null)
                {
                    builder.SetSampler(new ParentBasedSampler(new TraceIdRatioBasedSampler(settings.SamplingRatio)));
                }

                builder.AddSource(OrleansActivitySource).AddHttpClientInstrumentation().AddNpgsql();
                tracing?.Invoke(builder);
                builder.AddOtlpExporter();
            });
        }

        if (settings.ExportsMetrics)
        {
            telemetry.WithMetrics(builder =>
            {
                builder.AddMeter(VetrAIMeter.Name, OrleansMeter)
                    .AddView(instrument => instrument.Meter.Name == OrleansMeter && !OrleansInstruments.Contains(instrument.Name)
                        ? MetricStreamConfiguration.Drop
                        : null)
                    .AddRuntimeInstrumentation()
                    .AddHttpClientInstrumentation()
                    .AddNpgsqlInstrumentation();
                metrics?.Invoke(builder);
                builder.AddOtlpExporter();
            });
        }

        return services;
    }
}

/// <summary>The <c>OTEL_*</c> settings VetrAI itself looks at; the SDK and the OTLP exporter read the rest
/// (protocol, headers, timeouts, batch and export intervals, resource attributes).</summary>
/// <param name="ExportsTraces">An endpoint for traces is set (and the SDK is not disabled).</param>
/// <param name="ExportsMetrics">An endpoint for metrics is set (and the SDK is not disabled).</param>
/// <param name="ServiceName">The service name the settings give, or null for the process role's default.</param>
/// <param name="Sampler"><c>OTEL_TRACES_SAMPLER</c>, or null for VetrAI's default sampler.</param>
/// <param name="SamplingRatio">The ratio of VetrAI's default sampler.</param>
public sealed record TelemetrySettings(bool ExportsTraces, bool ExportsMetrics, string? ServiceName, string? Sampler, double SamplingRatio)
{
    /// <summary>Reads the settings; none of them can fail the start.</summary>
    public static TelemetrySettings FromConfiguration(IConfiguration configuration)
    {
        var disabled = bool.TryParse(configuration["OTEL_SDK_DISABLED"], out var off) && off;
        var endpoint = Set(configuration["OTEL_EXPORTER_OTLP_ENDPOINT"]);
        var serviceName = Set(configuration["OTEL_SERVICE_NAME"])
            ?? (Set(configuration["OTEL_RESOURCE_ATTRIBUTES"]) is { } attributes && attributes.Contains("service.name=", StringComparison.Ordinal) ? "(resource attributes)" : null);
        return new TelemetrySettings(
            !disabled && (endpoint ?? Set(configuration["OTEL_EXPORTER_OTLP_TRACES_ENDPOINT"])) is not null,
            !disabled && (endpoint ?? Set(configuration["OTEL_EXPORTER_OTLP_METRICS_ENDPOINT"])) is not null,
            serviceName,
            Set(configuration["OTEL_TRACES_SAMPLER"]),
            Ratio(configuration["OTEL_TRACES_SAMPLER_ARG"]));
    }

    /// <summary>As the OpenTelemetry specification says, a sampler argument that is not a number in [0, 1] is
    /// ignored (the default applies) rather than failing the start.</summary>
    private static double Ratio(string? value) =>
        double.TryParse(value, NumberStyles.Float, CultureInfo.InvariantCulture, out var ratio) && ratio is >= 0 and <= 1
            ? ratio
            : TelemetryHosting.DefaultSamplingRatio;

    private static string? Set(string? value) => string.IsNullOrWhiteSpace(value) ? null : value;
}
