using Microsoft.Extensions.Hosting;
using VetrAI.Silo.Hosting;

// A standalone silo: no public API, only the cluster port. Configured from the environment.
var builder = Host.CreateApplicationBuilder(args);
builder.Services.AddVetrAISiloServices(builder.Configuration).AddVetrAIClusterMembership(builder.Configuration);
await builder.Build().RunAsync();
