using System.Security.Cryptography;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using VetrAI.ApiFrontend.Hosting;
using VetrAI.TestSupport;

namespace VetrAI.ApiFrontend.Tests.Infrastructure;

/// <summary>Settings and hooks for a <see cref="TestFrontend"/>.</summary>
public sealed class TestFrontendOptions
{
    /// <summary>Extra or overriding <c>VETRAI_*</c> settings (a null value removes a default).</summary>
    public Dictionary<string, string?> Settings { get; } = new(StringComparer.Ordinal);

    /// <summary>Runs after the front end's services are registered (replace a service, shorten a timing).</summary>
    public Action<IServiceCollection>? ConfigureServices { get; set; }

    /// <summary>Runs after the front end's pipeline and endpoints are mapped (add test-only endpoints; they
    /// must declare their callers like any other).</summary>
    public Action<WebApplication>? ConfigureApp { get; set; }

    /// <summary>Adjusts the co-hosted silo after the VetrAI composition.</summary>
    public Action<ISiloBuilder>? ConfigureSilo { get; set; }
}

/// <summary>The REAL front end, as Program.cs builds it (same composition methods), on real Kestrel at a free
/// 127.0.0.1 port, with its in-process silo on the given database. Configuration comes only from the
/// settings given here (not from the test process's environment), so several hosts can run side by side.</summary>
public sealed class TestFrontend : IAsyncDisposable
{
    private readonly WebApplication _app;

    private TestFrontend(WebApplication app, Uri baseAddress)
    {
        _app = app;
        BaseAddress = baseAddress;
    }

    /// <summary>Where the front end listens, e.g. http://127.0.0.1:41234/.</summary>
    public Uri BaseAddress { get; }

    /// <summary>The host's services (grain factory, data source, options).</summary>
    public IServiceProvider Services => _app.Services;

    /// <summary>A base64 signing key for <c>VETRAI_JWT_SIGNING_KEY</c>; keep it across restarts so tokens stay valid.</summary>
    public static string NewSigningKey() => Convert.ToBase64String(RandomNumberGenerator.GetBytes(48));

    /// <summary>Builds and starts a front end on <paramref name="connectionString"/>; returns once it listens.</summary>
    public static async Task<TestFrontend> StartAsync(string connectionString, TestFrontendOptions? options = null)
    {
        options ??= new TestFrontendOptions();
        var builder = WebApplication.CreateBuilder(new WebApplicationOptions
        {
            EnvironmentName = "Testing",
            ContentRootPath = AppContext.BaseDirectory,
        });
        builder.Configuration.Sources.Clear();
        builder.Configuration.AddInMemoryCollection(Settings(connectionString, options));
        builder.AddVetrAIFrontend(options.ConfigureSilo);

        // Production hashing cost buys nothing in tests and costs the shared CPUs a lot.
        builder.Services.Configure<PasswordHasherOptions>(o => o.IterationCount = 1_000);
        options.ConfigureServices?.Invoke(builder.Services);

        var app = builder.Build();
        app.UseVetrAIFrontend();
        options.ConfigureApp?.Invoke(app);
        await app.StartAsync();

        var address = app.Services.GetRequiredService<IServer>().Features.GetRequiredFeature<IServerAddressesFeature>().Addresses.First();
        return new TestFrontend(app, new Uri(address.EndsWith('/') ? address : address + "/"));
    }

    /// <summary>An HttpClient to this front end (dispose it; it does not own the host).</summary>
    public HttpClient CreateClient() => new() { BaseAddress = BaseAddress, Timeout = TimeSpan.FromSeconds(60) };

    /// <summary>Stops gracefully (Kestrel, then the silo, which persists every grain).</summary>
    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync();
        await _app.DisposeAsync();
    }

    private static Dictionary<string, string?> Settings(string connectionString, TestFrontendOptions options)
    {
        var settings = new Dictionary<string, string?>(StringComparer.Ordinal)
        {
            [VetrAISettings.HttpPort] = "0",
            [VetrAISettings.HttpBind] = "127.0.0.1",
            ["VETRAI_DATABASE_URL"] = connectionString,
            // Every front end is a cluster of its own in the test Redis: restarts on one database share the
            // service id (which keys grain state), never membership.
            ["VETRAI_REDIS_URL"] = TestRedis.Configuration,
            ["VETRAI_CLUSTER_ID"] = TestRedis.NewClusterId(),
            ["VETRAI_CLUSTER_PORT"] = FreePorts.Take(1)[0].ToString(System.Globalization.CultureInfo.InvariantCulture),
            ["VETRAI_GATEWAY_PORT"] = "0",
            [VetrAISettings.DataDirectory] = Path.Combine(Path.GetTempPath(), $"vetrai-test-{Guid.NewGuid():N}"),
            [VetrAISettings.JwtSigningKey] = NewSigningKey(),
            ["Logging:LogLevel:Default"] = "Warning",
            ["Logging:LogLevel:Microsoft.AspNetCore"] = "Warning",
        };
        if (Environment.GetEnvironmentVariable("VETRAI_TEST_SMTP_HOST") is { Length: > 0 } smtpHost)
        {
            settings[VetrAISettings.SmtpHost] = smtpHost;
            settings[VetrAISettings.SmtpPort] = Environment.GetEnvironmentVariable("VETRAI_TEST_SMTP_PORT");
        }

        foreach (var (key, value) in options.Settings)
        {
            settings[key] = value;
        }

        return settings;
    }
}
