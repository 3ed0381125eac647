using System.Security.Cryptography;
using System.Text;
using Npgsql;
using VetrAI.Bench.ValidationBaselines;

// The two baselines the API-key validation benchmark compares VetrAI with (see bench/README.md):
//   bare      the ceiling: Kestrel answering a constant body the size of a VALID answer
//   postgres  the straightforward design: every validation reads the key's row and updates its counter
// Usage: VetrAI.Bench.ValidationBaselines bare|postgres --port N [--database CONNSTRING --key SECRET]
var mode = args.Length > 0 ? args[0] : "";
var port = int.Parse(Option("--port") ?? "5099", System.Globalization.CultureInfo.InvariantCulture);

var builder = WebApplication.CreateSlimBuilder(args);
builder.Logging.ClearProviders();
builder.WebHost.ConfigureKestrel(k => k.ListenLocalhost(port));
builder.Services.ConfigureHttpJsonOptions(o =>
{
    o.SerializerOptions.PropertyNamingPolicy = System.Text.Json.JsonNamingPolicy.SnakeCaseLower;
    o.SerializerOptions.TypeInfoResolverChain.Insert(0, BaselineJsonContext.Default);
});

switch (mode)
{
    case "bare":
    {
        var app = builder.Build();
        var body = ValidationBody.Sample();
        app.MapPost("/api/v1/keys/validate", async (HttpContext context) =>
        {
            context.Response.ContentType = "application/json; charset=utf-8";
            context.Response.ContentLength = body.Length;
            await context.Response.Body.WriteAsync(body, context.RequestAborted);
        });
        await app.RunAsync();
        break;
    }

    case "postgres":
    {
        var connectionString = Option("--database") ?? throw new ArgumentException("--database is required");
        var secret = Option("--key") ?? throw new ArgumentException("--key is required");
        await using var dataSource = NpgsqlDataSource.Create(connectionString);
        await PostgresKeys.SeedAsync(dataSource, secret);
        builder.Services.AddSingleton(dataSource);
        builder.Services.AddSingleton<PostgresKeys>();
        var app = builder.Build();
        app.MapPost("/api/v1/keys/validate", (ValidateRequest request, PostgresKeys keys, CancellationToken cancellationToken)
            => keys.ValidateAsync(request, cancellationToken));
        await app.RunAsync();
        break;
    }

    default:
        Console.Error.WriteLine("usage: VetrAI.Bench.ValidationBaselines bare|postgres --port N [--database CONNSTRING --key SECRET]");
        return 2;
}

return 0;

string? Option(string name)
{
    var index = Array.IndexOf(args, name);
    return index >= 0 && index + 1 < args.Length ? args[index + 1] : null;
}

namespace VetrAI.Bench.ValidationBaselines
{
    internal static class ValidationBody
    {
        // The shape and size of a VALID answer of the real endpoint.
        public static byte[] Sample() => Encoding.UTF8.GetBytes(System.Text.Json.JsonSerializer.Serialize(
            new ValidateResponse(true, "VALID", "0f8fad5bd9cb469fa16570867728950e", "7c9e6679742545e5a3a7c3f5b5c0e1d2", [],
                null, new RateLimitBody(1_000_000, 999_999, DateTimeOffset.UtcNow.UtcDateTime.ToString("O")), null),
            BaselineJsonContext.Default.ValidateResponse));

        public static string Hash(string secret) => Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(secret)));
    }
}
