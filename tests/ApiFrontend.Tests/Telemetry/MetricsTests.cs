using System.Diagnostics.Metrics;
using System.Net;
using Microsoft.Extensions.DependencyInjection;
using OpenTelemetry.Metrics;
using VetrAI.ApiFrontend.Tests.Infrastructure;
using VetrAI.Grains.Billing;
using VetrAI.TestSupport;

namespace VetrAI.ApiFrontend.Tests.Telemetry;

/// <summary>The front end with OTLP metrics on (co-hosting its silo) and an in-memory exporter beside the OTLP one.</summary>
public sealed class MetricsFixture : ApiFixture
{
    public List<MetricSnapshot> Exported { get; } = [];

    protected override void Configure(TestFrontendOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        // An endpoint is what turns metrics on; nothing listens there, and the test reads the in-memory copy.
        options.Settings["OTEL_EXPORTER_OTLP_METRICS_ENDPOINT"] = "http://127.0.0.1:9/v1/metrics";
        options.Settings["OTEL_EXPORTER_OTLP_PROTOCOL"] = "http/protobuf";
        options.Settings[BillingOptions.WebhookSecretSetting] = "whsec_metrics_test_secret";
        options.ConfigureServices = services => services.ConfigureOpenTelemetryMeterProvider(metrics => metrics.AddInMemoryExporter(Exported));
    }
}

/// <summary>What VetrAI's meter and the library meters the dashboard reads emit under real requests, held against
/// README.md's metrics tables (names, types, units).</summary>
public sealed class MetricsTests(MetricsFixture fixture) : IClassFixture<MetricsFixture>
{
    [Fact]
    public async Task Validations_rate_limits_quotas_and_webhooks_are_counted_under_the_names_and_units_the_README_lists()
    {
        var admin = await fixture.RegisterOrgAdminAsync();
        var limited = await CreateKeyAsync(admin, new { Name = "one per hour", RateLimit = new { Limit = 1, WindowSeconds = 3600 } });
        var spent = await CreateKeyAsync(admin, new { Name = "no credits", Credits = new { Remaining = 0 } });
        Assert.Equal("VALID", await ValidateAsync(limited));
        Assert.Equal("RATE_LIMITED", await ValidateAsync(limited));
        Assert.Equal("USAGE_EXCEEDED", await ValidateAsync(spent));
        Assert.Equal("NOT_FOUND", await ValidateAsync("vetrai_" + new string('x', 43)));
        using (var webhook = new HttpRequestMessage(HttpMethod.Post, "/api/v1/webhooks/stripe") { Content = new StringContent("{}", System.Text.Encoding.UTF8, "application/json") })
        {
            webhook.Headers.Add("Stripe-Signature", "t=1,v1=00");
            using var response = await fixture.Client.SendAsync(webhook);
            Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        }

        var exported = Collect();
        var published = PublishedInstruments();

        Assert.Equal(1, Sum(exported, "vetrai.api_key.validations", "vetrai.api_key.code", "VALID"));
        Assert.Equal(1, Sum(exported, "vetrai.api_key.validations", "vetrai.api_key.code", "RATE_LIMITED"));
        Assert.Equal(1, Sum(exported, "vetrai.api_key.validations", "vetrai.api_key.code", "USAGE_EXCEEDED"));
        Assert.Equal(1, Sum(exported, "vetrai.api_key.validations", "vetrai.api_key.code", "NOT_FOUND"));
        Assert.Equal(1, Sum(exported, "vetrai.api_key.rate_limited", "vetrai.rate_limit.source", "key"));
        Assert.Equal(1, Sum(exported, "vetrai.api_key.quota_exceeded", "vetrai.quota.kind", "credits"));
        Assert.Equal(1, Sum(exported, "vetrai.stripe.webhooks", "vetrai.webhook.outcome", "rejected"));

        // Every VetrAI metric exported is a README row, with its type and unit.
        var documented = ReadmeMetrics.VetrAI.ToDictionary(m => m.Name);
        var ours = exported.Where(m => m.MeterName == "VetrAI").Select(m => m.Name).Distinct().ToList();
        Assert.Contains("vetrai.job.queue.depth", ours);
        foreach (var name in ours)
        {
            var row = Assert.Contains(name, documented);
            var metric = exported.Last(m => m.Name == name);
            Assert.Equal((name, row.Unit), (name, metric.Unit ?? ""));
            Assert.True(Matches(row.Type, metric.MetricType), $"{name}: README says {row.Type}, exported as {metric.MetricType}");
        }

        // Every library instrument the dashboard reads exists in this process, in the README's meter, with its
        // type and unit (some only take values in a cluster of several silos: published is what can be checked here).
        foreach (var row in ReadmeMetrics.Libraries)
        {
            var match = published.FirstOrDefault(i => i.Meter == row.Where && i.Name == row.Name);
            Assert.True(
                match.Name is not null,
                $"{row.Name} ({row.Where}, README) is not published; in that meter: {string.Join(", ", published.Where(i => i.Meter == row.Where).Select(i => $"{i.Name} [{i.Type}, {i.Unit}]").Order())}");
            Assert.Equal((row.Name, row.Type, row.Unit), (match.Name, match.Type, match.Unit));
        }
    }

    /// <summary>Every instrument published in this process so far (a listener's start reports those that exist).</summary>
    private static List<(string Meter, string Name, string Type, string Unit)> PublishedInstruments()
    {
        var published = new List<(string Meter, string Name, string Type, string Unit)>();
        using var listener = new MeterListener
        {
            InstrumentPublished = (instrument, _) =>
            {
                lock (published)
                {
                    published.Add((instrument.Meter.Name, instrument.Name, ReadmeMetrics.TypeOf(instrument), instrument.Unit ?? ""));
                }
            },
        };
        listener.Start();
        lock (published)
        {
            return [.. published];
        }
    }

    private List<MetricSnapshot> Collect()
    {
        lock (fixture.Exported)
        {
            fixture.Exported.Clear();
        }

        // Answers false: the OTLP export fails (nothing listens at that endpoint); the in-memory reader has collected.
        _ = fixture.Frontend.Services.GetRequiredService<MeterProvider>().ForceFlush(10_000);
        lock (fixture.Exported)
        {
            return [.. fixture.Exported];
        }
    }

    private static long Sum(List<MetricSnapshot> exported, string name, string tag, string value)
    {
        var metric = exported.Last(m => m.Name == name);
        long sum = 0;
        foreach (var point in metric.MetricPoints)
        {
            foreach (var pair in point.Tags)
            {
                if (pair.Key == tag && Equals(pair.Value, value))
                {
                    sum += point.GetSumLong();
                }
            }
        }

        return sum;
    }

    private static bool Matches(string readmeType, MetricType type) => readmeType switch
    {
        "counter" or "observable counter" => type is MetricType.LongSum or MetricType.DoubleSum,
        "up-down counter" or "observable up-down counter" => type is MetricType.LongSumNonMonotonic or MetricType.DoubleSumNonMonotonic,
        "gauge" or "observable gauge" => type is MetricType.LongGauge or MetricType.DoubleGauge,
        "histogram" => type is MetricType.Histogram or MetricType.ExponentialHistogram,
        _ => false,
    };

    private static async Task<string> CreateKeyAsync(TestSession admin, object body) =>
        (await (await admin.Client.PostJsonAsync("/api/v1/keys", body)).ReadJsonAsync(HttpStatusCode.Created)).GetString("key");

    private async Task<string> ValidateAsync(string key) =>
        (await (await fixture.Client.PostJsonAsync("/api/v1/keys/validate", new { Key = key })).ReadJsonAsync()).GetString("code");
}
