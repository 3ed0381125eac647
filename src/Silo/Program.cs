using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using VetrAI.Silo;

// A standalone silo: no public API, only the cluster port. Configured from the environment.
var builder = Host.CreateApplicationBuilder(args);
builder.Logging.ClearProviders();
builder.Logging.AddJsonConsole(options =>
{
    options.IncludeScopes = true;
    options.UseUtcTimestamp = true;
    options.TimestampFormat = "yyyy-MM-ddTHH:mm:ss.fffZ";
});
builder.Services
    .AddVetrAISiloServices(builder.Configuration, options => ClusterConfiguration.ApplyCallTimeout(options, builder.Configuration))
    .AddVetrAIClusterMembership(builder.Configuration);
await builder.Build().RunAsync();
