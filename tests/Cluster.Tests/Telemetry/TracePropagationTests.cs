using System.Globalization;
using System.Net;
using System.Net.Http.Json;
using System.Security.Cryptography;
using VetrAI.Silo.Hosting;

namespace VetrAI.Cluster.Tests.Telemetry;

/// <summary>One silo and one client-only front end exporting to the test's OTLP receiver. The silo records every
/// trace it would start itself (parent-based, always on); the front end starts none of its own (parent-based,
/// always off), so the caller's <c>traceparent</c> decides whether a request is recorded.</summary>
public sealed class TracedCluster : IAsyncLifetime
{
    private OtlpReceiver? _receiver;
    private TestCluster? _cluster;
    private FrontendProcess? _frontend;

    public OtlpReceiver Receiver => _receiver ?? throw new InvalidOperationException("Not started.");

    public FrontendProcess Frontend => _frontend ?? throw new InvalidOperationException("Not started.");

    public async Task InitializeAsync()
    {
        _receiver = await OtlpReceiver.StartAsync();
        _cluster = await TestCluster.StartAsync(1, extraSettings: new Dictionary<string, string>
        {
            ["OTEL_EXPORTER_OTLP_ENDPOINT"] = _receiver.Url.ToString().TrimEnd('/'),
            ["OTEL_EXPORTER_OTLP_PROTOCOL"] = "http/protobuf",
            // Spans leave each process within 100 ms instead of 5 s.
            ["OTEL_BSP_SCHEDULE_DELAY"] = "100",
            ["OTEL_TRACES_SAMPLER"] = "parentbased_always_on",
        });
        _frontend = await FrontendProcess.StartAsync(_cluster, new Dictionary<string, string>
        {
            ["OTEL_TRACES_SAMPLER"] = "parentbased_always_off",
        });
    }

    public async Task DisposeAsync()
    {
        if (_frontend is not null)
        {
            await _frontend.DisposeAsync();
        }

        if (_cluster is not null)
        {
            await _cluster.DisposeAsync();
        }

        if (_receiver is not null)
        {
            await _receiver.DisposeAsync();
        }
    }
}

/// <summary>With an OTLP endpoint set, one HTTP request to a client-only front end is one trace across two
/// processes: the front end's request span, the grain-call span on the silo that ran the call, and the SQL that
/// call caused, each linked to its parent. A request the front end does not record leaves no trace anywhere.</summary>
public sealed class TracePropagationTests(TracedCluster shared) : IClassFixture<TracedCluster>
{
    private static readonly TimeSpan ArrivalTimeout = TimeSpan.FromSeconds(30);

    [Fact]
    public async Task One_request_through_a_client_only_front_end_is_one_trace_from_the_front_end_through_the_silo_to_postgresql()
    {
        var receiver = shared.Receiver;
        var frontend = shared.Frontend;

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

    [Fact]
    public async Task A_request_the_front_end_does_not_record_leaves_no_span_on_the_silo_though_the_silo_records_its_own_traces()
    {
        var receiver = shared.Receiver;
        var unrecorded = $"unrecorded-{Guid.NewGuid():N}@cluster.test";
        var recorded = $"recorded-{Guid.NewGuid():N}@cluster.test";

        // No traceparent: the front end starts the trace and does not record it.
        using (var response = await SignInAsync(unrecorded, traceParent: null))
        {
            Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
        }

        // Then the same call, recorded by the caller's choice. Each process exports its spans in the order they
        // ended, so once this call's silo span has arrived, any span of the first call would have too.
        var traceId = Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(16));
        using (var response = await SignInAsync(recorded, $"00-{traceId}-{Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(8))}-01"))
        {
            Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
        }

        await Wait.UntilAsync(
            () => receiver.Spans.Any(s => s.TraceId == traceId && s.Service == TelemetryHosting.SiloServiceName && Mentions(s, recorded)),
            ArrivalTimeout,
            $"the silo's grain-call span of recorded trace {traceId} at the OTLP receiver",
            () => Task.FromResult(Describe(receiver, traceId)));

        var strays = receiver.Spans.Where(s => Mentions(s, unrecorded)).ToList();
        Assert.True(strays.Count == 0, "spans of the unrecorded request: " + string.Join("; ", strays.Select(s => $"{s.Service} '{s.Name}' trace {s.TraceId}")));
        Assert.All(
            receiver.Spans.Where(s => Mentions(s, recorded)),
            span => Assert.Equal(traceId, span.TraceId));
    }

    private async Task<HttpResponseMessage> SignInAsync(string email, string? traceParent)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, new Uri("/api/v1/login", UriKind.Relative))
        {
            Content = JsonContent.Create(new { email, password = "Not-the-password-1" }),
        };
        if (traceParent is not null)
        {
            request.Headers.Add("traceparent", traceParent);
        }

        return await shared.Frontend.Http.SendAsync(request);
    }

    /// <summary>The span names <paramref name="email"/> in an attribute: the target grain of a sign-in call is keyed
    /// by the address.</summary>
    private static bool Mentions(ReceivedSpan span, string email) =>
        span.Attributes.Values.Any(value => value?.Contains(email, StringComparison.Ordinal) == true);

    private static string Describe(OtlpReceiver receiver, string traceId)
    {
        var spans = receiver.Spans.ToArray();
        return string.Create(CultureInfo.InvariantCulture, $"{spans.Length} span(s) received; of trace {traceId}:{Environment.NewLine}")
            + string.Join(Environment.NewLine, spans.Where(s => s.TraceId == traceId)
                .Select(s => $"  {s.Service} {s.Kind} '{s.Name}' {s.SpanId} <- {s.ParentSpanId} [{string.Join(", ", s.Attributes.Keys)}]"));
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
                    && s.Attributes.Keys.Any(k => k.StartsWith("db.", StringComparison.Ordinal)) && Under(s, grainCall));
                if (sql is not null)
                {
                    return new TraceShape(request, grainCall, sql);
                }
            }

            return null;
        }
    }
}
