using System.Runtime.CompilerServices;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Logging.Console;
using VetrAI.ApiFrontend.Requests;

namespace VetrAI.ApiFrontend.Hosting;

/// <summary>Console lines for people: <c>2026-11-30 14:02:03.123 info VetrAI.Category: message [request 0193...]</c>.
/// The message stays on one line; an exception follows on indented lines.</summary>
internal sealed class TextLogFormatter(TimeProvider timeProvider) : ConsoleFormatter(FormatterName)
{
    public const string FormatterName = "vetrai-text";

    public override void Write<TState>(in LogEntry<TState> logEntry, IExternalScopeProvider? scopeProvider, TextWriter textWriter)
    {
        var message = logEntry.Formatter(logEntry.State, logEntry.Exception);
        if (string.IsNullOrEmpty(message) && logEntry.Exception is null)
        {
            return;
        }

        textWriter.Write(timeProvider.GetLocalNow().ToString("yyyy-MM-dd HH:mm:ss.fff", System.Globalization.CultureInfo.InvariantCulture));
        textWriter.Write(' ');
        textWriter.Write(Level(logEntry.LogLevel));
        textWriter.Write(' ');
        textWriter.Write(logEntry.Category);
        textWriter.Write(": ");
        textWriter.Write(message.ReplaceLineEndings(" "));
        if (RequestId(scopeProvider) is { } requestId)
        {
            textWriter.Write(" [request ");
            textWriter.Write(requestId);
            textWriter.Write(']');
        }

        textWriter.WriteLine();
        if (logEntry.Exception is { } exception)
        {
            textWriter.Write("    ");
            textWriter.WriteLine(exception.ToString().ReplaceLineEndings(Environment.NewLine + "    "));
        }
    }

    private static string Level(LogLevel level) => level switch
    {
        LogLevel.Trace => "trce",
        LogLevel.Debug => "dbug",
        LogLevel.Information => "info",
        LogLevel.Warning => "warn",
        LogLevel.Error => "fail",
        LogLevel.Critical => "crit",
        _ => "none",
    };

    /// <summary>The innermost request id scope (<see cref="RequestIdMiddleware"/> opens it for each request).</summary>
    private static object? RequestId(IExternalScopeProvider? scopeProvider)
    {
        var requestId = new StrongBox<object?>();
        scopeProvider?.ForEachScope(static (scope, state) =>
        {
            if (scope is IEnumerable<KeyValuePair<string, object?>> properties)
            {
                foreach (var (key, value) in properties)
                {
                    if (key == RequestIdMiddleware.ScopeKey)
                    {
                        state.Value = value;
                    }
                }
            }
        }, requestId);
        return requestId.Value;
    }
}
