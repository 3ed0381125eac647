using System.Net;
using System.Text.Json;
using System.Text.RegularExpressions;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Logging.Console;
using Microsoft.Extensions.Options;
using VetrAI.ApiFrontend.Hosting;
using VetrAI.ApiFrontend.Tests.Infrastructure;
using VetrAI.TestSupport;

namespace VetrAI.ApiFrontend.Tests.Hosting;

/// <summary><c>VETRAI_LOG_FORMAT</c> chooses the console format. Each test starts the real front end with a
/// setting and captures what its console logger would print, through the formatter the host configured and
/// the host's own scopes (the request id), for a line logged while a request runs.</summary>
public sealed class LoggingTests
{
    private const string LogPath = "/test/log";
    private const string Category = "VetrAI.ApiFrontend.Tests.Hosting.LoggingTests";

    [Fact]
    public void Unset_means_text_at_a_terminal_and_json_when_redirected_and_anything_else_names_the_setting()
    {
        Assert.Equal(LogFormat.Text, LogFormats.Choose(null, outputRedirected: false));
        Assert.Equal(LogFormat.Json, LogFormats.Choose(null, outputRedirected: true));
        Assert.Equal(LogFormat.Json, LogFormats.Choose("json", outputRedirected: false));
        Assert.Equal(LogFormat.Text, LogFormats.Choose("TEXT", outputRedirected: true));
        var problem = Assert.Throws<InvalidOperationException>(() => LogFormats.Choose("xml", outputRedirected: true));
        Assert.Contains(VetrAISettings.LogFormat, problem.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Text_is_one_readable_line_with_time_level_category_message_and_request_id()
    {
        var line = await LogOneLineAsync("text", "req-text-1");
        Assert.Matches(new Regex($@"^\d{{4}}-\d\d-\d\d \d\d:\d\d:\d\d\.\d{{3}} warn {Regex.Escape(Category)}: hello from a request \[request req-text-1\]$"), line);
    }

    [Fact]
    public async Task Json_keeps_the_scopes_with_request_trace_and_span_ids()
    {
        var line = await LogOneLineAsync("json", "req-json-1");
        using var document = JsonDocument.Parse(line);
        var root = document.RootElement;
        Assert.Equal("Warning", root.GetProperty("LogLevel").GetString());
        Assert.Equal(Category, root.GetProperty("Category").GetString());
        Assert.Equal("hello from a request", root.GetProperty("Message").GetString());
        Assert.EndsWith("Z", root.GetProperty("Timestamp").GetString(), StringComparison.Ordinal);
        var scopes = root.GetProperty("Scopes").EnumerateArray().Where(s => s.ValueKind == JsonValueKind.Object).ToList();
        Assert.Contains(scopes, s => s.TryGetProperty("XRequestId", out var id) && id.GetString() == "req-json-1");
        Assert.Contains(scopes, s => s.TryGetProperty("TraceId", out var id) && Regex.IsMatch(id.GetString()!, "^[0-9a-f]{32}$"));
        Assert.Contains(scopes, s => s.TryGetProperty("SpanId", out var id) && Regex.IsMatch(id.GetString()!, "^[0-9a-f]{16}$"));
    }

    [Fact]
    public async Task With_OpenTelemetry_on_json_lines_carry_the_trace_id_a_sampled_caller_sent()
    {
        const string traceId = "4bf92f3577b34da6a3ce929d0e0e4736";
        const string callerSpanId = "00f067aa0ba902b7";
        var otel = new Dictionary<string, string?>
        {
            // Nothing listens there: the line is what is checked, not the export.
            ["OTEL_EXPORTER_OTLP_ENDPOINT"] = "http://127.0.0.1:9",
            ["OTEL_EXPORTER_OTLP_PROTOCOL"] = "http/protobuf",
        };

        // Flags 01: the caller sampled it, so the parent-based sampler records this request in the caller's trace.
        var line = await LogOneLineAsync("json", "req-otel-1", otel, $"00-{traceId}-{callerSpanId}-01");

        using var document = JsonDocument.Parse(line);
        var scopes = document.RootElement.GetProperty("Scopes").EnumerateArray().Where(s => s.ValueKind == JsonValueKind.Object).ToList();
        Assert.Contains(scopes, s => s.TryGetProperty("TraceId", out var id) && id.GetString() == traceId);
        Assert.Contains(scopes, s => s.TryGetProperty("SpanId", out var id) && Regex.IsMatch(id.GetString()!, "^[0-9a-f]{16}$") && id.GetString() != callerSpanId);
    }

    /// <summary>Starts a front end with <c>VETRAI_LOG_FORMAT=<paramref name="format"/></c> (and <paramref name="settings"/>),
    /// has a request (with <paramref name="traceparent"/>) log one warning, and returns the one line it became.</summary>
    private static async Task<string> LogOneLineAsync(string format, string requestId, Dictionary<string, string?>? settings = null, string? traceparent = null)
    {
        await using var database = await TestDatabase.CreateAsync("logging");
        var capture = new StringWriter();
        var options = new TestFrontendOptions
        {
            ConfigureServices = services => services.AddSingleton<ILoggerProvider>(provider => new CapturingLoggerProvider(
                provider.GetServices<ConsoleFormatter>(),
                provider.GetRequiredService<IOptionsMonitor<ConsoleLoggerOptions>>().CurrentValue.FormatterName,
                capture)),
            ConfigureApp = app => app.MapGet(LogPath, (ILogger<LoggingTests> logger) =>
            {
                logger.LogWarning("hello from a request");
                return TypedResults.Ok();
            }),
        };
        options.Settings[VetrAISettings.LogFormat] = format;
        options.Settings["Logging:LogLevel:Default"] = "Warning";
        options.Settings["Logging:LogLevel:Orleans"] = "None";
        foreach (var (name, value) in settings ?? [])
        {
            options.Settings[name] = value;
        }

        await using var frontend = await TestFrontend.StartAsync(database.ConnectionString, options);
        // With OpenTelemetry on, this process's own HttpClient calls are traced by the front end's provider (one
        // process), and would send a traceparent of their own instead of the caller's: this client sends none.
        using var client = traceparent is null
            ? frontend.CreateClient()
            : new HttpClient(new SocketsHttpHandler { ActivityHeadersPropagator = null }) { BaseAddress = frontend.BaseAddress };
        using var request = new HttpRequestMessage(HttpMethod.Get, LogPath);
        request.Headers.Add("X-Request-Id", requestId);
        if (traceparent is not null)
        {
            request.Headers.Add("traceparent", traceparent);
        }

        using var response = await client.SendAsync(request);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);

        var lines = capture.ToString().Split(Environment.NewLine, StringSplitOptions.RemoveEmptyEntries);
        return Assert.Single(lines, l => l.Contains("hello from a request", StringComparison.Ordinal));
    }

    /// <summary>Writes what the host's console logger would, with the formatter it chose, to a writer.</summary>
    private sealed class CapturingLoggerProvider(IEnumerable<ConsoleFormatter> formatters, string? formatterName, TextWriter writer)
        : ILoggerProvider, ISupportExternalScope
    {
        private readonly ConsoleFormatter _formatter = formatters.Single(f => f.Name == (formatterName ?? ConsoleFormatterNames.Simple));
        private readonly TextWriter _writer = writer;
        private IExternalScopeProvider? _scopes;

        public ILogger CreateLogger(string categoryName) => new CapturingLogger(this, categoryName);

        public void SetScopeProvider(IExternalScopeProvider scopeProvider) => _scopes = scopeProvider;

        public void Dispose()
        {
        }

        private sealed class CapturingLogger(CapturingLoggerProvider provider, string category) : ILogger
        {
            public IDisposable? BeginScope<TState>(TState state) where TState : notnull => provider._scopes?.Push(state);

            public bool IsEnabled(LogLevel logLevel) => logLevel != LogLevel.None;

            public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
            {
                var entry = new LogEntry<TState>(logLevel, category, eventId, state, exception, formatter);
                lock (provider)
                {
                    provider._formatter.Write(in entry, provider._scopes, provider._writer);
                }
            }
        }
    }
}
