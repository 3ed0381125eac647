namespace VetrAI.ApiFrontend.Hosting;

/// <summary>How log lines look on stdout (<c>VETRAI_LOG_FORMAT</c>).</summary>
public enum LogFormat
{
    /// <summary>One JSON object per line, with every scope (trace and span ids, request id): for containers and
    /// log collectors.</summary>
    Json,

    /// <summary>One readable line per entry (time, level, category, message, request id): for a person at a terminal.</summary>
    Text,
}

/// <summary>Reads <c>VETRAI_LOG_FORMAT</c>.</summary>
public static class LogFormats
{
    /// <summary><c>json</c> or <c>text</c> as set; unset, text when stdout is a terminal
    /// (<paramref name="outputRedirected"/> false) and JSON otherwise (containers, pipes, files).</summary>
    /// <exception cref="InvalidOperationException">The setting holds something else.</exception>
    public static LogFormat Choose(string? setting, bool outputRedirected) => setting?.ToUpperInvariant() switch
    {
        null => outputRedirected ? LogFormat.Json : LogFormat.Text,
        "JSON" => LogFormat.Json,
        "TEXT" => LogFormat.Text,
        _ => throw new InvalidOperationException($"{VetrAISettings.LogFormat} must be json or text, but is '{setting}'."),
    };
}
