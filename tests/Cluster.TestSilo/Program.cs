using Microsoft.Extensions.Hosting;
using VetrAI.Cluster.TestSilo;
using VetrAI.Silo.Hosting;

var builder = Host.CreateApplicationBuilder(args);
builder.Services.AddVetrAISiloServices(builder.Configuration)
    .AddVetrAIClusterMembership(builder.Configuration)
    .AddClusterTestGrains();
await builder.Build().RunAsync();
