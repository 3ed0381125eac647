using VetrAI.ApiFrontend.Hosting;

var builder = WebApplication.CreateBuilder(args);
builder.AddVetrAIFrontend();

var app = builder.Build();
app.UseVetrAIFrontend();
await app.RunAsync();
