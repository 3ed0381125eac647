using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;

namespace VetrAI.Cluster.Tests;

/// <summary>One silo process and one client-only front end process: the front end hosts no silo, so the
/// dashboard it serves gets its data from the dashboard grains on the silo.</summary>
public sealed class DashboardCluster : IAsyncLifetime
{
    private TestCluster? _cluster;
    private FrontendProcess? _frontend;

    public TestCluster Cluster => _cluster ?? throw new InvalidOperationException("Not started.");

    public FrontendProcess Frontend => _frontend ?? throw new InvalidOperationException("Not started.");

    public async Task InitializeAsync()
    {
        _cluster = await TestCluster.StartAsync(1);
        _frontend = await FrontendProcess.StartAsync(_cluster);
    }

    public async Task DisposeAsync()
    {
        if (_frontend is not null)
        {
            await _frontend.DisposeAsync();
        }

        if (_cluster is not null)
        {
            await _cluster.DisposeAsync();
        }
    }
}

/// <summary>The Orleans Dashboard served by a client-only front end, over HTTP between real processes.</summary>
public sealed class DashboardTests(DashboardCluster shared) : IClassFixture<DashboardCluster>, IDisposable
{
    /// <summary>How long the silo's dashboard grain may take to gather its first counters.</summary>
    private static readonly TimeSpan FirstCounters = TimeSpan.FromSeconds(30);

    [Fact]
    public async Task A_super_admin_gets_the_dashboard_and_its_counters_list_the_silo_not_the_front_end()
    {
        var silo = Assert.Single(shared.Cluster.Silos.Keys);
        var token = await LogInAsync(FrontendProcess.AdminEmail, FrontendProcess.AdminPassword);
        using (var cluster = await GetAsync("/api/v1/cluster", token))
        {
            var mode = JsonSerializer.Deserialize<JsonElement>(await cluster.Content.ReadAsStringAsync()).GetProperty("mode").GetString();
            Assert.Equal("client", mode);
        }

        using var page = await GetAsync("/dashboard/", token);
        Assert.Equal(HttpStatusCode.OK, page.StatusCode);
        Assert.Equal("text/html", page.Content.Headers.ContentType?.MediaType);

        JsonElement counters = default;
        await Wait.UntilAsync(
            async () =>
            {
                using var response = await GetAsync("/dashboard/DashboardCounters", token);
                Assert.Equal(HttpStatusCode.OK, response.StatusCode);
                Assert.Equal("application/json", response.Content.Headers.ContentType?.MediaType);
                counters = JsonSerializer.Deserialize<JsonElement>(await response.Content.ReadAsStringAsync());
                return Property(counters, "hosts").GetArrayLength() > 0;
            },
            FirstCounters,
            "the dashboard's counters to list a silo",
            shared.Cluster.DiagnosticsAsync);

        var host = Assert.Single(Property(counters, "hosts").EnumerateArray());
        Assert.StartsWith($"127.0.0.1:{silo}@", Property(host, "siloAddress").GetString(), StringComparison.Ordinal);
        Assert.Equal("Active", Property(host, "status").GetString());
        Assert.Equal(1, Property(counters, "totalActiveHostCount").GetInt32());
    }

    [Fact]
    public async Task An_org_admin_is_403_and_no_token_is_401_on_the_page_its_data_and_the_sign_in()
    {
        var orgAdmin = await RegisterOrgAdminAsync();

        foreach (var path in new[] { "/dashboard/", "/dashboard/DashboardCounters" })
        {
            using var forbidden = await GetAsync(path, orgAdmin);
            await AssertErrorAsync(forbidden, HttpStatusCode.Forbidden);
            using var anonymous = await GetAsync(path, token: null);
            await AssertErrorAsync(anonymous, HttpStatusCode.Unauthorized);
        }

        using var session = new HttpRequestMessage(HttpMethod.Post, "/api/v1/dashboard/session");
        session.Headers.Authorization = new AuthenticationHeaderValue("Bearer", orgAdmin);
        using var signIn = await Http.SendAsync(session);
        await AssertErrorAsync(signIn, HttpStatusCode.Forbidden);
        Assert.False(signIn.Headers.Contains("Set-Cookie"));
    }

    /// <summary>The front end's client, without the admin token <see cref="FrontendProcess.LogInAsAdminAsync"/>
    /// may have set on it: every request here says who it is itself.</summary>
    private HttpClient Http { get; } = new() { BaseAddress = shared.Frontend.Http.BaseAddress, Timeout = TimeSpan.FromSeconds(30) };

    public void Dispose() => Http.Dispose();

    private async Task<HttpResponseMessage> GetAsync(string path, string? token)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, path);
        if (token is not null)
        {
            request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token);
        }

        return await Http.SendAsync(request);
    }

    private async Task<string> LogInAsync(string email, string password)
    {
        using var response = await Http.PostAsJsonAsync("/api/v1/login", new { email, password });
        return await AccessTokenAsync(response);
    }

    private async Task<string> RegisterOrgAdminAsync()
    {
        using var response = await Http.PostAsJsonAsync("/api/v1/register", new
        {
            email = $"owner-{Guid.NewGuid():N}@cluster.test",
            password = "Owner-Passw0rd!-cluster",
            full_name = "Org Admin",
            organization_name = "Dashboard Org " + Guid.NewGuid().ToString("N")[..6],
        });
        return await AccessTokenAsync(response);
    }

    private static async Task<string> AccessTokenAsync(HttpResponseMessage response)
    {
        var text = await response.Content.ReadAsStringAsync();
        Assert.True(response.IsSuccessStatusCode, $"{(int)response.StatusCode}: {text}");
        return JsonSerializer.Deserialize<JsonElement>(text).GetProperty("access_token").GetString()!;
    }

    /// <summary>The status, with the front end's standard error body (not the dashboard's own answer).</summary>
    private static async Task AssertErrorAsync(HttpResponseMessage response, HttpStatusCode status)
    {
        var text = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == status, $"expected {(int)status}, got {(int)response.StatusCode}: {text}");
        var body = JsonSerializer.Deserialize<JsonElement>(text);
        Assert.Equal((int)status, body.GetProperty("status_code").GetInt32());
        Assert.False(string.IsNullOrWhiteSpace(body.GetProperty("detail").GetString()));
    }

    /// <summary>A property of the dashboard's JSON, whatever the case of its first letter.</summary>
    private static JsonElement Property(JsonElement element, string name)
    {
        foreach (var property in element.EnumerateObject())
        {
            if (string.Equals(property.Name, name, StringComparison.OrdinalIgnoreCase))
            {
                return property.Value;
            }
        }

        throw new KeyNotFoundException($"no '{name}' in {element}");
    }
}
