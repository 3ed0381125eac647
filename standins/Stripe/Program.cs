using VetrAI.StripeStandIn;
using VetrAI.StripeStandIn.Accounts;
using VetrAI.StripeStandIn.Api;
using VetrAI.StripeStandIn.Control;
using VetrAI.StripeStandIn.Webhooks;

// A local, in-memory stand-in for the parts of Stripe's API VetrAI uses (README.md).
var builder = WebApplication.CreateSlimBuilder(args);
var options = StandInOptions.FromEnvironment(Environment.GetEnvironmentVariable);
// --urls or ASPNETCORE_URLS win over STRIPE_STANDIN_URL only when that is unset; the first URL is also the
// base of the hosted pages' links (checkout, invoices).
var configuredUrls = builder.Configuration["urls"];
if (Environment.GetEnvironmentVariable("STRIPE_STANDIN_URL") is not { Length: > 0 } && configuredUrls is { Length: > 0 })
{
    options = options with { Url = new Uri(configuredUrls.Split(';')[0].Replace("*", "127.0.0.1", StringComparison.Ordinal).Replace("+", "127.0.0.1", StringComparison.Ordinal)) };
}
else
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
builder.Logging.AddFilter("System.Net.Http", LogLevel.Warning);

builder.Services.AddSingleton(options);
builder.Services.AddSingleton<AccountRegistry>();
builder.Services.AddSingleton<WebhookSender>();
builder.Services.AddSingleton<ApiDispatcher>();
builder.Services.AddSingleton(new ApiRoutes()
    .MapCustomers()
    .MapCheckout()
    .MapSubscriptions()
    .MapInvoices()
    .MapMeterEvents()
    .MapWebhookEndpoints()
    .MapEvents());

var app = builder.Build();
app.Map("/v1/{**path}", (HttpContext context, ApiDispatcher dispatcher) => dispatcher.HandleAsync(context));
app.MapControlEndpoints();
app.Logger.LogInformation("Stripe stand-in (API version {Version}) on {Url}, prices: {Prices}",
    StripeApiVersion.Current, options.Url, string.Join(", ", options.Prices.Values.Select(p => $"{p.Id} {p.UnitAmount} {p.Currency}")));
app.Run();
