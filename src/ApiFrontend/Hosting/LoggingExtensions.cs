using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Logging.Console;

namespace VetrAI.ApiFrontend.Hosting;

/// <summary>Console logging with scopes (the request id): JSON lines for machines, readable lines for people
/// (<c>VETRAI_LOG_FORMAT</c>, see <see cref="LogFormats.Choose"/>).</summary>
public static class LoggingExtensions
{
    /// <summary>Replaces the default console output with JSON lines or <see cref="TextLogFormatter"/> lines.</summary>
    public static WebApplicationBuilder AddVetrAILogging(this WebApplicationBuilder builder)
    {
        ArgumentNullException.ThrowIfNull(builder);

        // ASP.NET's own per-request lines (request starting/finished) at Information would be two JSON lines
        // per API-key validation; like the ASP.NET templates, they start at Warning. This is the lowest-precedence
        // source, so Logging__LogLevel__Microsoft.AspNetCore (or any other setting) still overrides it.
        builder.Configuration.Sources.Insert(0, new Microsoft.Extensions.Configuration.Memory.MemoryConfigurationSource
        {
            InitialData = [new("Logging:LogLevel:Microsoft.AspNetCore", "Warning")],
        });
        builder.Logging.ClearProviders();
        var format = LogFormats.Choose(builder.Configuration.GetString(VetrAISettings.LogFormat), Console.IsOutputRedirected);
        if (format == LogFormat.Json)
        {
            builder.Logging.AddJsonConsole(options =>
            {
                options.IncludeScopes = true;
                options.UseUtcTimestamp = true;
                options.TimestampFormat = "yyyy-MM-ddTHH:mm:ss.fffZ";
            });
        }
        else
        {
            builder.Services.TryAddSingleton(TimeProvider.System);
            builder.Logging.AddConsole(options => options.FormatterName = TextLogFormatter.FormatterName);
            builder.Logging.AddConsoleFormatter<TextLogFormatter, ConsoleFormatterOptions>();
        }

        return builder;
    }
}
