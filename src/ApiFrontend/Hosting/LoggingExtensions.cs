namespace VetrAI.ApiFrontend.Hosting;

/// <summary>Structured logging: one JSON object per line on stdout, with scopes (the request id).</summary>
public static class LoggingExtensions
{
    /// <summary>Replaces the default console output with JSON lines.</summary>
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
        builder.Logging.AddJsonConsole(options =>
        {
            options.IncludeScopes = true;
            options.UseUtcTimestamp = true;
            options.TimestampFormat = "yyyy-MM-ddTHH:mm:ss.fffZ";
        });
        return builder;
    }
}
