using System.Globalization;
using System.Net.Http.Json;
using System.Security.Cryptography;
using VetrAI.Silo.Hosting;

namespace VetrAI.Cluster.Tests.Telemetry;

/// <summary>With an OTLP endpoint set, one HTTP request to a client-only front end is one trace across two
/// processes: the front end's request span, the grain-call span on the silo that ran the call, and the SQL that
/// call caused, each linked to its parent.</summary>
public sealed class TracePropagationTests
{
    private static readonly TimeSpan ArrivalTimeout = TimeSpan.FromSeconds(30);

    [Fact]
    public async Task One_request_through_a_client_only_front_end_is_one_trace_from_the_front_end_through_the_silo_to_postgresql()
    {
        await using var receiver = await OtlpReceiver.StartAsync();
        await using var cluster = await TestCluster.StartAsync(1, extraSettings: new Dictionary<string, string>
        {
            ["OTEL_EXPORTER_OTLP_ENDPOINT"] = receiver.Url.ToString().TrimEnd('/'),
            ["OTEL_EXPORTER_OTLP_PROTOCOL"] = "http/protobuf",
            // Spans leave each process within 100 ms instead of 5 s.
            ["OTEL_BSP_SCHEDULE_DELAY"] = "100",
            ["OTEL_TRACES_SAMPLER_ARG"] = "1",
        });
        await using var frontend = await FrontendProcess.StartAsync(cluster);

        // The caller's own trace context: the front end continues this trace (sampled), so its id is known here.
        var traceId = Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(16));
        var callerSpanId = Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(8));
        using var request = new HttpRequestMessage(HttpMethod.Post, new Uri("/api/v1/register", UriKind.Relative))
        {
            Content = JsonContent.Create(new
            {
                email = $"traced-{Guid.NewGuid():N}@cluster.test",
                password = "Traced-Passw0rd!-cluster",
                full_name = "Traced Owner",
                organization_name = "Traced Org " + Guid.NewGuid().ToString("N")[..6],
            }),
        };
        request.Headers.Add("traceparent", $"00-{traceId}-{callerSpanId}-01");
        using (var response = await frontend.Http.SendAsync(request))
        {
            Assert.True(response.IsSuccessStatusCode, await response.Content.ReadAsStringAsync());
        }

        TraceShape? shape = null;
        await Wait.UntilAsync(
            () => (shape = TraceShape.Find([.. receiver.Spans.Where(s => s.TraceId == traceId)], callerSpanId)) is not null,
            ArrivalTimeout,
            $"the front end's, the silo's and an SQL span of trace {traceId} at the OTLP receiver",
            () => Task.FromResult(Describe(receiver, traceId)));

        Assert.Equal(TelemetryHosting.FrontendServiceName, shape!.Request.Service);
        Assert.Equal(SpanKind.Server, shape.Request.Kind);
        Assert.StartsWith("POST", shape.Request.Name, StringComparison.Ordinal);
        Assert.Equal(TelemetryHosting.SiloServiceName, shape.GrainCall.Service);
        Assert.Equal(SpanKind.Server, shape.GrainCall.Kind);
        Assert.Equal(TelemetryHosting.SiloServiceName, shape.Sql.Service);
        Assert.Equal(SpanKind.Client, shape.Sql.Kind);
    }

    private static string Describe(OtlpReceiver receiver, string traceId)
    {
        var spans = receiver.Spans.ToArray();
        return string.Create(CultureInfo.InvariantCulture, $"{spans.Length} span(s) received; of trace {traceId}:{Environment.NewLine}")
            + string.Join(Environment.NewLine, spans.Where(s => s.TraceId == traceId)
                .Select(s => $"  {s.Service} {s.Kind} '{s.Name}' {s.SpanId} <- {s.ParentSpanId} [{string.Join(", ", s.AttributeKeys)}]"));
    }

    /// <summary>The spans that make the trace's shape: the front end's request span (child of the caller's), a
    /// grain-call span in the silo whose parent is a front-end span under that request, and an SQL span in the
    /// silo under that grain call.</summary>
    private sealed record TraceShape(ReceivedSpan Request, ReceivedSpan GrainCall, ReceivedSpan Sql)
    {
        public static TraceShape? Find(IReadOnlyList<ReceivedSpan> spans, string callerSpanId)
        {
            var byId = spans.GroupBy(s => s.SpanId).ToDictionary(g => g.Key, g => g.First());
            var request = spans.FirstOrDefault(s => s.ParentSpanId == callerSpanId);
            if (request is null)
            {
                return null;
            }

            bool Under(ReceivedSpan span, ReceivedSpan ancestor)
            {
                for (var current = span; current.ParentSpanId is { } parent && byId.TryGetValue(parent, out var next); current = next)
                {
                    if (next.SpanId == ancestor.SpanId)
                    {
                        return true;
                    }
                }

                return false;
            }

            foreach (var grainCall in spans.Where(s => s.Service != request.Service && s.Kind == SpanKind.Server))
            {
                // The grain call's parent is the front end's outgoing call span, itself under the request.
                if (grainCall.ParentSpanId is not { } parent || !byId.TryGetValue(parent, out var caller)
                    || caller.Service != request.Service || !Under(grainCall, request))
                {
                    continue;
                }

                var sql = spans.FirstOrDefault(s => s.Service == grainCall.Service
                    && s.AttributeKeys.Any(k => k.StartsWith("db.", StringComparison.Ordinal)) && Under(s, grainCall));
                if (sql is not null)
                {
                    return new TraceShape(request, grainCall, sql);
                }
            }

            return null;
        }
    }
}
