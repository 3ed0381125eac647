namespace VetrAI.ApiFrontend.Hosting;

/// <summary>Structured logging: one JSON object per line on stdout, with scopes (the request id).</summary>
public static class LoggingExtensions
{
    /// <summary>Replaces the default console output with JSON lines.</summary>
    public static WebApplicationBuilder AddVetrAILogging(this WebApplicationBuilder builder)
    {
        ArgumentNullException.ThrowIfNull(builder);
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
