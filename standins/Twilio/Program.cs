using VetrAI.TwilioStandIn;
using VetrAI.TwilioStandIn.Accounts;
using VetrAI.TwilioStandIn.Control;
using VetrAI.TwilioStandIn.Messages;

// A local, in-memory stand-in for Twilio's Messages API as VetrAI uses it (README.md).
var builder = WebApplication.CreateSlimBuilder(args);
var options = StandInOptions.FromEnvironment(Environment.GetEnvironmentVariable);
// --urls or ASPNETCORE_URLS are used only when TWILIO_STANDIN_URL is unset.
if (Environment.GetEnvironmentVariable("TWILIO_STANDIN_URL") is { Length: > 0 } || builder.Configuration["urls"] is not { Length: > 0 })
{
    builder.WebHost.UseUrls(options.Url.ToString().TrimEnd('/'));
}

builder.Logging.ClearProviders();
builder.Logging.AddSimpleConsole(console =>
{
    console.SingleLine = true;
    console.TimestampFormat = "HH:mm:ss.fff ";
});
builder.Logging.AddFilter("Microsoft", LogLevel.Warning);

builder.Services.AddSingleton(TimeProvider.System);
builder.Services.AddSingleton<AccountRegistry>();
builder.Services.AddSingleton<MessagesApi>();

var app = builder.Build();
app.MapMessagesApi();
app.MapControlEndpoints();
app.Logger.LogInformation("Twilio stand-in (Messages API 2010-04-01) on {Url}", options.Url);
app.Run();
