using OpenTelemetry;

namespace VetrAI.Silo.Hosting;

/// <summary>Keeps a grain call out of tracing when its sender's trace is not being recorded.
/// <para>Orleans' activity propagation writes the caller's trace context into the call only when the caller's own
/// grain-call span exists, and under a request the front end did not sample it does not. Without this filter the
/// silo would take such a call for the start of a new trace: it would create an activity for it, sample it again
/// on its own (so a share of unsampled requests would show up as orphan grain-call and SQL traces with no HTTP
/// request above them), and pay for that activity on every call of the API-key validation path
/// (bench/README.md, "Tracing on and off").</para>
/// <para>So a call that carries no trace context although a client or a grain sent it runs with OpenTelemetry's
/// instrumentation suppressed: no span for the call, nor for the SQL or HTTP it causes. Metrics are not affected.
/// Calls from Orleans' system targets (reminders) carry no caller trace by nature and start traces as before.</para>
/// <para>Registered before Orleans' own propagation filter, so that filter already sees the suppression.</para></summary>
internal sealed class UnsampledTraceFilter : IIncomingGrainCallFilter
{
    /// <summary>The W3C trace-context field Orleans' propagation (through .NET's default propagator) stores in the
    /// call's request context.</summary>
    internal const string TraceParentField = "traceparent";

    public Task Invoke(IIncomingGrainCallContext context)
    {
        if (!IsFromUnsampledTrace(context))
        {
            return context.Invoke();
        }

        // The suppression flows with the call's execution context into everything the grain awaits; leaving the
        // scope here, once the call has started, only restores this caller's own context.
        using (SuppressInstrumentationScope.Begin())
        {
            return context.Invoke();
        }
    }

    private static bool IsFromUnsampledTrace(IIncomingGrainCallContext context) =>
        context.SourceId is { } sender && !sender.IsSystemTarget() && RequestContext.Get(TraceParentField) is null;
}
