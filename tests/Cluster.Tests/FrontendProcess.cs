using System.Globalization;
using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;

namespace VetrAI.Cluster.Tests;

/// <summary>The real front end started as its own process as a client-only front end (<c>VETRAI_HOST_SILO=false</c>):
/// an Orleans client that finds the silos' gateways in Redis. With an HTTP client for it.</summary>
public sealed class FrontendProcess : IAsyncDisposable
{
    public const string AdminEmail = "admin@cluster.test";
    public const string AdminPassword = "Cluster-Admin-Passw0rd!";

    private readonly string _dataDirectory;

    private FrontendProcess(ClusterProcess process, int port, string dataDirectory)
    {
        Process = process;
        Port = port;
        _dataDirectory = dataDirectory;
        Http = new HttpClient { BaseAddress = new Uri($"http://127.0.0.1:{port}"), Timeout = TimeSpan.FromSeconds(30) };
    }

    public ClusterProcess Process { get; }

    public int Port { get; }

    public HttpClient Http { get; }

    /// <summary>Starts a front end of <paramref name="cluster"/> and waits until it is ready. <paramref name="overrides"/>
    /// replace or add settings of the front end only (the silos keep the cluster's).</summary>
    public static async Task<FrontendProcess> StartAsync(TestCluster cluster, IReadOnlyDictionary<string, string>? overrides = null)
    {
        var port = TestPorts.Take(1)[0];
        var dataDirectory = Directory.CreateTempSubdirectory("vetrai-frontend-").FullName;
        var environment = cluster.Settings();
        foreach (var (name, value) in overrides ?? new Dictionary<string, string>())
        {
            environment[name] = value;
        }

        environment["VETRAI_HOST_SILO"] = "false";
        environment["VETRAI_HTTP_PORT"] = port.ToString(CultureInfo.InvariantCulture);
        environment["VETRAI_DATA_DIR"] = dataDirectory;
        environment["VETRAI_JWT_SIGNING_KEY"] = "cluster-tests-signing-key-of-at-least-32-bytes!";
        environment["VETRAI_BOOTSTRAP_ADMIN_EMAIL"] = AdminEmail;
        environment["VETRAI_BOOTSTRAP_ADMIN_PASSWORD"] = AdminPassword;
        var process = cluster.StartProcess($"frontend:{port}", BuiltApps.ApiFrontend, environment);
        var frontend = new FrontendProcess(process, port, dataDirectory);
        try
        {
            await Wait.UntilAsync(
                async () => await frontend.ReadinessAsync() == HttpStatusCode.OK, TestCluster.StartTimeout, $"front end {port} to be ready", cluster.DiagnosticsAsync);
            return frontend;
        }
        catch
        {
            await frontend.DisposeAsync();
            throw;
        }
    }

    public async Task<HttpStatusCode> ReadinessAsync()
    {
        try
        {
            using var response = await Http.GetAsync(new Uri("/health/ready", UriKind.Relative));
            return response.StatusCode;
        }
        catch (HttpRequestException)
        {
            return 0;
        }
    }

    /// <summary>Logs in as the bootstrapped super admin and sends its token from then on.</summary>
    public async Task LogInAsAdminAsync()
    {
        using var response = await Http.PostAsJsonAsync(new Uri("/api/v1/login", UriKind.Relative), new { email = AdminEmail, password = AdminPassword });
        response.EnsureSuccessStatusCode();
        using var body = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        Http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", body.RootElement.GetProperty("access_token").GetString());
    }

    /// <summary>Registers an organization and creates a key with a rate limit of <paramref name="limit"/> per hour;
    /// returns its secret.</summary>
    public async Task<string> CreateKeyAsync(int limit)
    {
        using var registered = await Http.PostAsJsonAsync(new Uri("/api/v1/register", UriKind.Relative), new
        {
            email = $"owner-{Guid.NewGuid():N}@cluster.test",
            password = "Owner-Passw0rd!-cluster",
            full_name = "Key Owner",
            organization_name = "Rate Limited Org " + Guid.NewGuid().ToString("N")[..6],
        });
        registered.EnsureSuccessStatusCode();
        using var session = JsonDocument.Parse(await registered.Content.ReadAsStringAsync());
        using var request = new HttpRequestMessage(HttpMethod.Post, new Uri("/api/v1/keys", UriKind.Relative))
        {
            Content = JsonContent.Create(new { name = "limited", rate_limit = new { limit, window_seconds = 3600 } }),
        };
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", session.RootElement.GetProperty("access_token").GetString());
        using var created = await Http.SendAsync(request);
        var text = await created.Content.ReadAsStringAsync();
        Assert.True(created.IsSuccessStatusCode, text);
        using var key = JsonDocument.Parse(text);
        return key.RootElement.GetProperty("key").GetString()!;
    }

    /// <summary>Validates <paramref name="key"/> once: the HTTP status and, on 200, the verdict's code.</summary>
    public async Task<(HttpStatusCode Status, string? Code)> ValidateAsync(string key)
    {
        using var response = await Http.PostAsJsonAsync(new Uri("/api/v1/keys/validate", UriKind.Relative), new { key });
        if (response.StatusCode != HttpStatusCode.OK)
        {
            return (response.StatusCode, null);
        }

        using var body = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        return (response.StatusCode, body.RootElement.GetProperty("code").GetString());
    }

    public async ValueTask DisposeAsync()
    {
        Http.Dispose();
        await Process.DisposeAsync();
        Directory.Delete(_dataDirectory, recursive: true);
    }
}
