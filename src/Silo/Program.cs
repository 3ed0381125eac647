using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using VetrAI.Silo;

var builder = Host.CreateApplicationBuilder(args);
builder.Logging.ClearProviders();
builder.Logging.AddJsonConsole(options =>
{
    options.IncludeScopes = true;
    options.UseUtcTimestamp = true;
    options.TimestampFormat = "yyyy-MM-ddTHH:mm:ss.fffZ";
});
builder.Services.AddVetrAISiloServices(builder.Configuration);
await builder.Build().RunAsync();
