using System.Globalization;
using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;

namespace VetrAI.Cluster.Tests;

/// <summary>A front end started as its own process in client mode (VETRAI_HOST_SILO=false), and an
/// HTTP client for it.</summary>
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

    public static FrontendProcess Start(TestCluster cluster, int port)
    {
        var dataDirectory = Directory.CreateTempSubdirectory("vetrai-frontend-").FullName;
        var environment = cluster.Environment();
        environment["VETRAI_HOST_SILO"] = "false";
        environment["VETRAI_HTTP_PORT"] = port.ToString(CultureInfo.InvariantCulture);
        environment["VETRAI_DATA_DIR"] = dataDirectory;
        environment["VETRAI_JWT_SIGNING_KEY"] = "cluster-tests-signing-key-of-at-least-32-bytes!";
        environment["VETRAI_BOOTSTRAP_ADMIN_EMAIL"] = AdminEmail;
        environment["VETRAI_BOOTSTRAP_ADMIN_PASSWORD"] = AdminPassword;
        var process = cluster.StartProcess($"frontend:{port}", BuiltApps.ApiFrontend, environment);
        return new FrontendProcess(process, port, dataDirectory);
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

    public async ValueTask DisposeAsync()
    {
        Http.Dispose();
        await Process.DisposeAsync();
        Directory.Delete(_dataDirectory, recursive: true);
    }
}
