using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using VetrAI.Silo.Hosting;

// A standalone silo: no public API, only the silo and gateway ports. Configured from the environment.
try
{
    var builder = Host.CreateApplicationBuilder(args);
    builder.Logging.ClearProviders();
    builder.Logging.AddJsonConsole(options =>
    {
        options.IncludeScopes = true;
        options.UseUtcTimestamp = true;
        options.TimestampFormat = "yyyy-MM-ddTHH:mm:ss.fffZ";
    });
    builder.Services.AddVetrAITelemetry(builder.Configuration, TelemetryHosting.SiloServiceName);
    builder.UseOrleans(silo => silo.AddVetrAISilo(builder.Configuration));
    await builder.Build().RunAsync();
    return 0;
}
catch (Exception exception) when (StartupFailure.SettingProblem(exception) is { } problem)
{
    await Console.Error.WriteLineAsync($"error: {problem}");
    return 1;
}
