using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using OpenTelemetry;
using OpenTelemetry.Metrics;
using OpenTelemetry.Trace;
using VetrAI.Silo.Hosting;

namespace VetrAI.Grains.Tests.Telemetry;

/// <summary>What a process registers for OpenTelemetry, from its <c>OTEL_*</c> settings alone.</summary>
public sealed class TelemetryHostingTests
{
    [Fact]
    public void Without_an_OTLP_endpoint_nothing_is_registered_so_nothing_is_collected_or_exported()
    {
        using var services = Build(new() { ["OTEL_SERVICE_NAME"] = "ignored", ["OTEL_TRACES_SAMPLER_ARG"] = "1" });

        Assert.Null(services.GetService<TracerProvider>());
        Assert.Null(services.GetService<MeterProvider>());
    }

    [Fact]
    public void OTEL_SDK_DISABLED_wins_over_an_endpoint()
    {
        using var services = Build(new() { ["OTEL_EXPORTER_OTLP_ENDPOINT"] = "http://127.0.0.1:4318", ["OTEL_SDK_DISABLED"] = "true" });

        Assert.Null(services.GetService<TracerProvider>());
        Assert.Null(services.GetService<MeterProvider>());
    }

    [Fact]
    public void An_endpoint_turns_on_both_signals_under_the_roles_default_service_name()
    {
        using var services = Build(new() { ["OTEL_EXPORTER_OTLP_ENDPOINT"] = "http://127.0.0.1:4318" });

        var tracer = services.GetRequiredService<TracerProvider>();
        Assert.NotNull(services.GetService<MeterProvider>());
        Assert.Equal(TelemetryHosting.SiloServiceName, ServiceName(tracer));
    }

    [Fact]
    public void A_signal_endpoint_turns_on_that_signal_only_and_OTEL_SERVICE_NAME_names_the_service()
    {
        using var services = Build(new()
        {
            ["OTEL_EXPORTER_OTLP_TRACES_ENDPOINT"] = "http://127.0.0.1:4318/v1/traces",
            ["OTEL_SERVICE_NAME"] = "vetrai-silo-eu",
        });

        var tracer = services.GetRequiredService<TracerProvider>();
        Assert.Null(services.GetService<MeterProvider>());
        Assert.Equal("vetrai-silo-eu", ServiceName(tracer));
    }

    [Theory]
    [InlineData(null, TelemetryHosting.DefaultSamplingRatio)]
    [InlineData("0.25", 0.25)]
    [InlineData("1", 1.0)]
    [InlineData("2", TelemetryHosting.DefaultSamplingRatio)]
    [InlineData("ten percent", TelemetryHosting.DefaultSamplingRatio)]
    public void The_default_sampler_keeps_the_share_OTEL_TRACES_SAMPLER_ARG_names_and_ignores_a_bad_one(string? argument, double ratio)
    {
        var settings = TelemetrySettings.FromConfiguration(Configuration(new() { ["OTEL_TRACES_SAMPLER_ARG"] = argument }));

        Assert.Equal(ratio, settings.SamplingRatio);
    }

    private static ServiceProvider Build(Dictionary<string, string?> settings)
    {
        var configuration = Configuration(settings);
        var services = new ServiceCollection()
            .AddSingleton(configuration)
            .AddLogging()
            .AddVetrAITelemetry(configuration, TelemetryHosting.SiloServiceName);
        return services.BuildServiceProvider();
    }

    private static IConfiguration Configuration(Dictionary<string, string?> settings) =>
        new ConfigurationBuilder().AddInMemoryCollection(settings).Build();

    private static string? ServiceName(TracerProvider tracer) =>
        tracer.GetResource().Attributes.FirstOrDefault(a => a.Key == "service.name").Value as string;
}
