using Microsoft.Extensions.Hosting;
using VetrAI.Cluster.TestSilo;
using VetrAI.Silo;

// The standalone silo's composition plus the cluster tests' grains.
var builder = Host.CreateApplicationBuilder(args);
builder.Services
    .AddVetrAISiloServices(builder.Configuration, options => ClusterConfiguration.ApplyCallTimeout(options, builder.Configuration))
    .AddVetrAIClusterMembership(builder.Configuration)
    .AddClusterTestGrains();
await builder.Build().RunAsync();
