using System.Net;
using VetrAI.ApiFrontend.Hosting;
using VetrAI.TestSupport;

namespace VetrAI.ApiFrontend.Tests.Infrastructure;

/// <summary>The end-to-end harness: a fresh database, the real front end on it (with a bootstrapped super
/// admin), an anonymous <see cref="Client"/>, and helpers to register and sign in. Use it as an xUnit class
/// fixture (<c>IClassFixture&lt;ApiFixture&gt;</c>), or derive from it and override <see cref="Configure"/> to
/// change settings. <see cref="RestartAsync"/> stops the host gracefully and starts a new one on the same
/// database, port, data directory and signing key (clients and tokens from before keep working).</summary>
public class ApiFixture : IAsyncLifetime
{
    public const string AdminEmail = "admin@vetrai.test";
    public const string AdminPassword = "admin-password-1";
    public const string DefaultPassword = "correct-horse-42";

    private static readonly TimeSpan _readyTimeout = TimeSpan.FromSeconds(60);
    private readonly TestFrontendOptions _options = new();
    private readonly List<IDisposable> _owned = [];
    private TestDatabase? _database;
    private TestFrontend? _frontend;
    private HttpClient? _client;

    public TestDatabase Database => _database ?? throw new InvalidOperationException("The fixture has not started.");

    public TestFrontend Frontend => _frontend ?? throw new InvalidOperationException("The fixture has not started.");

    /// <summary>An anonymous client to the current host.</summary>
    public HttpClient Client => _client ?? throw new InvalidOperationException("The fixture has not started.");

    /// <summary>The settings and hooks every (re)start uses.</summary>
    public TestFrontendOptions Options => _options;

    public async Task InitializeAsync()
    {
        _database = await TestDatabase.CreateAsync("api");
        _options.Settings[VetrAISettings.JwtSigningKey] = TestFrontend.NewSigningKey();
        _options.Settings[VetrAISettings.DataDirectory] = Path.Combine(Path.GetTempPath(), $"vetrai-test-{Guid.NewGuid():N}");
        _options.Settings[VetrAISettings.BootstrapAdminEmail] = AdminEmail;
        _options.Settings[VetrAISettings.BootstrapAdminPassword] = AdminPassword;
        Configure(_options);
        await StartAsync();
    }

    /// <summary>Override to change settings or hooks before the first start.</summary>
    protected virtual void Configure(TestFrontendOptions options)
    {
    }

    /// <summary>Stops the host gracefully and starts a new one on the same database.</summary>
    public async Task RestartAsync()
    {
        await StopAsync();
        await StartAsync();
    }

    /// <summary>A unique address, so tests sharing a fixture never collide.</summary>
    public static string UniqueEmail(string prefix = "user") => $"{prefix}-{Guid.NewGuid():N}@example.com";

    /// <summary>Registers a user (optionally creating an organization they administer) and returns the session.</summary>
    public async Task<TestSession> RegisterAsync(string? email = null, string password = DefaultPassword, string? organizationName = null, string fullName = "Test User")
    {
        var response = await Client.PostJsonAsync("/api/v1/register", new
        {
            Email = email ?? UniqueEmail(),
            Password = password,
            FullName = fullName,
            OrganizationName = organizationName,
        });
        return Own(TestSession.From(await response.ReadJsonAsync(HttpStatusCode.Created), password, Frontend.BaseAddress));
    }

    /// <summary>Registers a user together with a new organization; the user is its org_admin.</summary>
    public Task<TestSession> RegisterOrgAdminAsync(string? email = null)
        => RegisterAsync(email, organizationName: $"Org {Guid.NewGuid():N}"[..20]);

    /// <summary>Signs in and returns the session.</summary>
    public async Task<TestSession> LoginAsync(string email, string password = DefaultPassword)
    {
        var response = await Client.PostJsonAsync("/api/v1/login", new { Email = email, Password = password });
        return Own(TestSession.From(await response.ReadJsonAsync(), password, Frontend.BaseAddress));
    }

    /// <summary>Has <paramref name="admin"/> create a member of their organization with <paramref name="role"/>
    /// (and the default password), then signs the member in.</summary>
    public async Task<TestSession> AddMemberAsync(TestSession admin, string role = "user")
    {
        ArgumentNullException.ThrowIfNull(admin);
        var email = UniqueEmail(role);
        using var response = await admin.Client.PostJsonAsync("/api/v1/users", new { Email = email, FullName = role, Roles = new[] { role }, Password = DefaultPassword });
        await response.ReadJsonAsync(HttpStatusCode.Created);
        return await LoginAsync(email);
    }

    /// <summary>Signs in as the bootstrapped super admin.</summary>
    public Task<TestSession> LoginAsAdminAsync() => LoginAsync(AdminEmail, AdminPassword);

    /// <summary>A client sending <paramref name="accessToken"/> (owned by the fixture).</summary>
    public HttpClient CreateClient(string? accessToken = null)
    {
        var client = Frontend.CreateClient();
        if (accessToken is not null)
        {
            client.DefaultRequestHeaders.Authorization = Api.Bearer(accessToken);
        }

        _owned.Add(client);
        return client;
    }

    public async Task DisposeAsync()
    {
        await StopAsync();
        foreach (var owned in _owned)
        {
            owned.Dispose();
        }

        if (_database is not null)
        {
            await _database.DisposeAsync();
        }

        if (_options.Settings.TryGetValue(VetrAISettings.DataDirectory, out var dataDirectory) && Directory.Exists(dataDirectory))
        {
            Directory.Delete(dataDirectory, recursive: true);
        }
    }

    private T Own<T>(T disposable) where T : IDisposable
    {
        _owned.Add(disposable);
        return disposable;
    }

    private async Task StartAsync()
    {
        _frontend = await TestFrontend.StartAsync(Database.ConnectionString, _options);

        // Later restarts listen on the same port, so clients and sessions made before a restart still reach the host.
        _options.Settings[VetrAISettings.HttpPort] = _frontend.BaseAddress.Port.ToString(System.Globalization.CultureInfo.InvariantCulture);
        _client = _frontend.CreateClient();
        await WaitUntilReadyAsync();
    }

    private async Task StopAsync()
    {
        _client?.Dispose();
        _client = null;
        if (_frontend is not null)
        {
            await _frontend.DisposeAsync();
            _frontend = null;
        }
    }

    /// <summary>Readiness includes the super admin bootstrap, so tests can sign in as admin at once.</summary>
    private async Task WaitUntilReadyAsync()
    {
        var deadline = DateTimeOffset.UtcNow + _readyTimeout;
        string last = "no answer";
        while (DateTimeOffset.UtcNow < deadline)
        {
            using var response = await Client.GetAsync("/health/ready");
            if (response.StatusCode == HttpStatusCode.OK)
            {
                return;
            }

            last = await response.Content.ReadAsStringAsync();
            await Task.Delay(50);
        }

        throw new TimeoutException($"The front end did not become ready within {_readyTimeout}: {last}");
    }
}
