using VetrAI.ApiFrontend.Hosting;
using VetrAI.Silo.Hosting;

try
{
    var builder = WebApplication.CreateBuilder(args);
    builder.AddVetrAIFrontend();

    var app = builder.Build();
    app.UseVetrAIFrontend();
    await app.RunAsync();
    return 0;
}
catch (Exception exception) when (StartupFailure.SettingProblem(exception) is { } problem)
{
    // One line naming the setting to fix, not a stack trace.
    await Console.Error.WriteLineAsync($"error: {problem}");
    return 1;
}
