using System.Net;
using VetrAI.ApiFrontend.Tests.Infrastructure;

namespace VetrAI.ApiFrontend.Tests.Dashboard;

/// <summary>The Orleans Dashboard's access rules over HTTP: its page and its JSON calls, with a bearer header or
/// with the cookie <c>POST /api/v1/dashboard/session</c> sets.</summary>
public sealed class DashboardTests(ApiFixture fixture) : IClassFixture<ApiFixture>
{
    private const string CookieName = "vetrai_dashboard";

    // The page, and data calls the page makes (cluster overview, one silo's history, grain types).
    private static readonly string[] DashboardPaths = ["/dashboard/", "/dashboard/index.min.js", "/dashboard/ClusterStats", "/dashboard/DashboardCounters", "/dashboard/GrainTypes"];

    [Fact]
    public async Task Without_a_token_the_page_and_its_data_are_401_with_the_standard_body()
    {
        foreach (var path in DashboardPaths)
        {
            using var response = await fixture.Client.GetAsync(path);
            await response.ReadErrorAsync(HttpStatusCode.Unauthorized);
        }

        using var session = await fixture.Client.PostAsync("/api/v1/dashboard/session", content: null);
        await session.ReadErrorAsync(HttpStatusCode.Unauthorized);
    }

    [Fact]
    public async Task A_forged_cookie_is_401()
    {
        using var response = await SendWithCookieAsync("/dashboard/ClusterStats", "eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiJ4In0.c2lnbmF0dXJl");
        await response.ReadErrorAsync(HttpStatusCode.Unauthorized);
    }

    [Theory]
    [InlineData("org_admin")]
    [InlineData("user")]
    [InlineData("support_agent")]
    public async Task Any_role_but_super_admin_is_403_by_header_by_cookie_and_at_sign_in(string role)
    {
        var admin = await fixture.RegisterOrgAdminAsync();
        var member = role == "org_admin" ? admin : await fixture.AddMemberAsync(admin, role);

        using var session = await member.Client.PostAsync("/api/v1/dashboard/session", content: null);
        await session.ReadErrorAsync(HttpStatusCode.Forbidden);
        Assert.False(session.Headers.Contains("Set-Cookie"));

        foreach (var path in DashboardPaths)
        {
            using var byHeader = await member.Client.GetAsync(path);
            await byHeader.ReadErrorAsync(HttpStatusCode.Forbidden);
            using var byCookie = await SendWithCookieAsync(path, member.AccessToken);
            await byCookie.ReadErrorAsync(HttpStatusCode.Forbidden);
        }
    }

    [Fact]
    public async Task A_super_admin_signs_in_and_the_cookie_alone_opens_the_page_and_its_data()
    {
        var admin = await fixture.LoginAsAdminAsync();
        using var session = await admin.Client.PostAsync("/api/v1/dashboard/session", content: null);
        var body = await session.ReadJsonAsync();
        Assert.Equal("/dashboard/", body.GetString("dashboard_url"));

        var setCookie = session.Headers.GetValues("Set-Cookie").Single();
        Assert.StartsWith($"{CookieName}={admin.AccessToken};", setCookie, StringComparison.Ordinal);
        Assert.Contains("path=/dashboard", setCookie, StringComparison.OrdinalIgnoreCase);
        Assert.Contains("httponly", setCookie, StringComparison.OrdinalIgnoreCase);
        Assert.Contains("samesite=strict", setCookie, StringComparison.OrdinalIgnoreCase);
        Assert.Contains("expires=", setCookie, StringComparison.OrdinalIgnoreCase);

        using var page = await SendWithCookieAsync("/dashboard/", admin.AccessToken);
        Assert.Equal(HttpStatusCode.OK, page.StatusCode);
        Assert.Equal("text/html", page.Content.Headers.ContentType?.MediaType);

        using var clusterStats = await SendWithCookieAsync("/dashboard/ClusterStats", admin.AccessToken);
        var stats = await clusterStats.ReadJsonAsync();
        Assert.Equal("application/json", clusterStats.Content.Headers.ContentType?.MediaType);
        Assert.NotEqual(System.Text.Json.JsonValueKind.Undefined, stats.ValueKind);

        using var counters = await SendWithCookieAsync("/dashboard/DashboardCounters", admin.AccessToken);
        await counters.ReadJsonAsync();

        // A bearer header works too (scripts), and the cookie is never accepted by the API.
        using var byHeader = await admin.Client.GetAsync("/dashboard/GrainTypes");
        await byHeader.ReadJsonAsync();
        using var apiByCookie = await SendWithCookieAsync("/api/v1/me", admin.AccessToken);
        await apiByCookie.ReadErrorAsync(HttpStatusCode.Unauthorized);

        // Stored grain state holds secrets: the dashboard's state view is off, for super admins too.
        using var grainState = await admin.Client.GetAsync("/dashboard/GrainState?grainId=user/x&grainType=x");
        await grainState.ReadErrorAsync(HttpStatusCode.Forbidden);
    }

    [Fact]
    public async Task After_logout_the_cookie_no_longer_opens_the_dashboard_and_sign_out_removes_it()
    {
        var admin = await fixture.LoginAsAdminAsync();
        using var session = await admin.Client.PostAsync("/api/v1/dashboard/session", content: null);
        await session.ReadJsonAsync();
        using var logout = await admin.Client.PostJsonAsync("/api/v1/logout", new { RefreshToken = admin.RefreshToken });
        Assert.True(logout.IsSuccessStatusCode, $"logout answered {(int)logout.StatusCode}");

        using var page = await SendWithCookieAsync("/dashboard/ClusterStats", admin.AccessToken);
        await page.ReadErrorAsync(HttpStatusCode.Unauthorized);

        using var signOut = await fixture.Client.DeleteAsync("/api/v1/dashboard/session");
        Assert.Equal(HttpStatusCode.NoContent, signOut.StatusCode);
        var cleared = signOut.Headers.GetValues("Set-Cookie").Single();
        Assert.StartsWith($"{CookieName}=;", cleared, StringComparison.Ordinal);
        Assert.Contains("expires=Thu, 01 Jan 1970", cleared, StringComparison.OrdinalIgnoreCase);
    }

    private Task<HttpResponseMessage> SendWithCookieAsync(string path, string token)
    {
        var request = new HttpRequestMessage(HttpMethod.Get, path);
        request.Headers.Add("Cookie", $"{CookieName}={token}");
        return fixture.Client.SendAsync(request);
    }
}
