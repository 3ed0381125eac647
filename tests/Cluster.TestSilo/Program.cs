using Microsoft.Extensions.Hosting;
using VetrAI.Cluster.TestSilo;
using VetrAI.Silo.Hosting;

// The standalone silo (src/Silo/Program.cs) plus the cluster tests' grains, configured from the environment. It
// logs with the plain console formatter, which reads better in a failed test's output than JSON lines.
try
{
    var builder = Host.CreateApplicationBuilder(args);
    builder.Services.AddVetrAITelemetry(builder.Configuration, TelemetryHosting.SiloServiceName);
    builder.UseOrleans(silo => silo.AddVetrAISilo(builder.Configuration).AddClusterTestGrains());
    await builder.Build().RunAsync();
    return 0;
}
catch (Exception exception) when (StartupFailure.SettingProblem(exception) is { } problem)
{
    await Console.Error.WriteLineAsync($"error: {problem}");
    return 1;
}
