using System.Net;
using System.Text.Json;
using Npgsql;
using VetrAI.ApiFrontend.Tests.Infrastructure;

namespace VetrAI.ApiFrontend.Tests.Auth;

public sealed class AuthTests(ApiFixture fixture) : IClassFixture<ApiFixture>
{
    private HttpClient Client => fixture.Client;

    [Fact]
    public async Task Register_answers_201_with_the_user_and_a_token_pair()
    {
        var email = ApiFixture.UniqueEmail();
        using var response = await Client.PostJsonAsync("/api/v1/register", new { Email = email, Password = ApiFixture.DefaultPassword, FullName = "Ann Smith" });
        var body = await response.ReadJsonAsync(HttpStatusCode.Created);
        Assert.Equal("bearer", body.GetString("token_type"));
        Assert.Equal(1800, body.GetProperty("expires_in").GetInt32());
        Assert.False(string.IsNullOrEmpty(body.GetString("access_token")));
        Assert.False(string.IsNullOrEmpty(body.GetString("refresh_token")));
        var user = body.GetProperty("user");
        Assert.Equal(email, user.GetString("email"));
        Assert.Equal("Ann Smith", user.GetString("full_name"));
        Assert.Equal(["user"], user.GetStrings("roles"));
        Assert.Equal(JsonValueKind.Null, user.GetProperty("organization_id").ValueKind);
    }

    [Fact]
    public async Task Register_with_an_organization_name_makes_the_user_its_org_admin()
    {
        var session = await fixture.RegisterAsync(organizationName: "Acme Rockets");
        Assert.NotNull(session.OrganizationId);
        using var me = await session.Client.GetAsync("/api/v1/me");
        var body = await me.ReadJsonAsync();
        Assert.Equal(["org_admin"], body.GetStrings("roles"));
        using var organization = await session.Client.GetAsync($"/api/v1/organizations/{session.OrganizationId}");
        var org = await organization.ReadJsonAsync();
        Assert.Equal("Acme Rockets", org.GetString("name"));
        Assert.StartsWith("acme-rockets", org.GetString("slug"), StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_same_email_in_another_case_is_409()
    {
        var email = ApiFixture.UniqueEmail("case");
        await fixture.RegisterAsync(email);
        using var again = await Client.PostJsonAsync("/api/v1/register", new
        {
            Email = email.ToUpperInvariant(),
            Password = ApiFixture.DefaultPassword,
            FullName = "Other",
        });
        await again.ReadErrorAsync(HttpStatusCode.Conflict);
    }

    [Fact]
    public async Task Concurrent_registrations_of_one_email_let_exactly_one_through()
    {
        var email = ApiFixture.UniqueEmail("race");
        var attempts = await Task.WhenAll(Enumerable.Range(0, 8).Select(i => Client.PostJsonAsync("/api/v1/register", new
        {
            Email = i % 2 == 0 ? email : email.ToUpperInvariant(),
            Password = ApiFixture.DefaultPassword,
            FullName = $"Racer {i}",
        })));
        Assert.Equal(1, attempts.Count(r => r.StatusCode == HttpStatusCode.Created));
        Assert.Equal(7, attempts.Count(r => r.StatusCode == HttpStatusCode.Conflict));
    }

    [Fact]
    public async Task Missing_fields_are_400_naming_each_and_nothing_is_created()
    {
        var email = ApiFixture.UniqueEmail("missing");
        const string CountAll = "SELECT count(*) FROM grain_storage WHERE payload IS NOT NULL AND state_name = ANY(string_to_array($1, ','))";
        var before = await CountRowsAsync(CountAll, "user,organization,emailindex,slugindex");
        using var response = await Client.PostJsonAsync("/api/v1/register", new { Email = email, OrganizationName = "Never Created" });
        var detail = await response.ReadErrorAsync(HttpStatusCode.BadRequest);
        Assert.Contains("password is required", detail, StringComparison.Ordinal);
        Assert.Contains("full_name is required", detail, StringComparison.Ordinal);
        Assert.Equal(before, await CountRowsAsync(CountAll, "user,organization,emailindex,slugindex"));

        // The address is still free.
        await fixture.RegisterAsync(email);
    }

    [Theory]
    [InlineData("short1", "at least 10 characters")]
    [InlineData("onlyletterslong", "letters and digits")]
    [InlineData("1234567890123", "letters and digits")]
    public async Task Weak_passwords_are_400_saying_why(string password, string reason)
    {
        using var response = await Client.PostJsonAsync("/api/v1/register", new { Email = ApiFixture.UniqueEmail(), Password = password, FullName = "Weak" });
        Assert.Contains(reason, await response.ReadErrorAsync(HttpStatusCode.BadRequest), StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_password_equal_to_the_email_is_400()
    {
        var email = $"abc{Guid.NewGuid():N}"[..12] + "1@example.com";
        using var response = await Client.PostJsonAsync("/api/v1/register", new { Email = email, Password = email.ToUpperInvariant(), FullName = "Lazy" });
        Assert.Contains("must not be the email", await response.ReadErrorAsync(HttpStatusCode.BadRequest), StringComparison.Ordinal);
    }

    [Fact]
    public async Task An_invalid_email_is_400()
    {
        using var response = await Client.PostJsonAsync("/api/v1/register", new { Email = "not-an-email", Password = ApiFixture.DefaultPassword, FullName = "X" });
        Assert.Contains("email", await response.ReadErrorAsync(HttpStatusCode.BadRequest), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Login_works_in_any_case_and_bad_credentials_get_one_message()
    {
        var email = ApiFixture.UniqueEmail("login");
        await fixture.RegisterAsync(email);
        var session = await fixture.LoginAsync(email.ToUpperInvariant());
        using var me = await session.Client.GetAsync("/api/v1/me");
        Assert.Equal(email, (await me.ReadJsonAsync()).GetString("email"));

        using var wrongPassword = await Client.PostJsonAsync("/api/v1/login", new { Email = email, Password = "wrong-password-1" });
        using var unknownEmail = await Client.PostJsonAsync("/api/v1/login", new { Email = ApiFixture.UniqueEmail("ghost"), Password = "wrong-password-1" });
        Assert.Equal(
            await wrongPassword.ReadErrorAsync(HttpStatusCode.Unauthorized),
            await unknownEmail.ReadErrorAsync(HttpStatusCode.Unauthorized));
    }

    [Fact]
    public async Task Me_answers_the_documented_shape()
    {
        var session = await fixture.RegisterOrgAdminAsync();
        using var response = await session.Client.GetAsync("/api/v1/me");
        var me = await response.ReadJsonAsync();
        Assert.Equal(
            ["created_at", "email", "email_verified", "full_name", "id", "mfa_enabled", "organization_id", "roles"],
            me.EnumerateObject().Select(p => p.Name).Order().ToArray());
        Assert.Equal(session.UserId, me.GetString("id"));
        Assert.Equal(session.OrganizationId, me.GetString("organization_id"));
    }

    [Fact]
    public async Task Refresh_rotates_and_reusing_a_spent_token_revokes_the_whole_family()
    {
        var session = await fixture.RegisterAsync();
        using var first = await Client.PostJsonAsync("/api/v1/refresh", new { session.RefreshToken });
        var rotated = await first.ReadJsonAsync();
        var secondRefresh = rotated.GetString("refresh_token");
        var secondAccess = rotated.GetString("access_token");
        Assert.NotEqual(session.RefreshToken, secondRefresh);
        using (var me = await fixture.CreateClient(secondAccess).GetAsync("/api/v1/me"))
        {
            await me.ReadJsonAsync();
        }

        // The spent token comes back (stolen, or replayed): the family dies, including the newest tokens.
        using var reuse = await Client.PostJsonAsync("/api/v1/refresh", new { session.RefreshToken });
        Assert.Contains("already used", await reuse.ReadErrorAsync(HttpStatusCode.Unauthorized), StringComparison.Ordinal);
        using var newest = await Client.PostJsonAsync("/api/v1/refresh", new { RefreshToken = secondRefresh });
        await newest.ReadErrorAsync(HttpStatusCode.Unauthorized);
        using var access = await fixture.CreateClient(secondAccess).GetAsync("/api/v1/me");
        await access.ReadErrorAsync(HttpStatusCode.Unauthorized);

        // Other sessions of the user are untouched.
        var other = await fixture.LoginAsync(session.Email);
        using var otherMe = await other.Client.GetAsync("/api/v1/me");
        await otherMe.ReadJsonAsync();
    }

    [Fact]
    public async Task A_garbage_refresh_token_is_401_and_a_missing_one_400()
    {
        using var garbage = await Client.PostJsonAsync("/api/v1/refresh", new { RefreshToken = "nope" });
        await garbage.ReadErrorAsync(HttpStatusCode.Unauthorized);
        using var forged = await Client.PostJsonAsync("/api/v1/refresh", new { RefreshToken = $"{Guid.NewGuid():N}.AAAA" });
        await forged.ReadErrorAsync(HttpStatusCode.Unauthorized);
        using var missing = await Client.PostJsonAsync("/api/v1/refresh", new { });
        Assert.Contains("refresh_token is required", await missing.ReadErrorAsync(HttpStatusCode.BadRequest), StringComparison.Ordinal);
    }

    [Fact]
    public async Task An_access_token_is_rejected_right_after_logout_and_so_is_its_refresh_token()
    {
        var session = await fixture.RegisterAsync();
        var other = await fixture.LoginAsync(session.Email);

        using var logout = await session.Client.PostAsync("/api/v1/logout", null);
        Assert.Equal(HttpStatusCode.NoContent, logout.StatusCode);

        using var me = await session.Client.GetAsync("/api/v1/me");
        await me.ReadErrorAsync(HttpStatusCode.Unauthorized);
        using var refresh = await Client.PostJsonAsync("/api/v1/refresh", new { session.RefreshToken });
        await refresh.ReadErrorAsync(HttpStatusCode.Unauthorized);

        // Another session of the same user still works.
        using var otherMe = await other.Client.GetAsync("/api/v1/me");
        await otherMe.ReadJsonAsync();
    }

    [Fact]
    public async Task Logout_with_a_refresh_token_in_the_body_revokes_that_session_too()
    {
        var session = await fixture.RegisterAsync();
        var other = await fixture.LoginAsync(session.Email);
        using var logout = await session.Client.PostJsonAsync("/api/v1/logout", new { other.RefreshToken });
        Assert.Equal(HttpStatusCode.NoContent, logout.StatusCode);
        using var refresh = await Client.PostJsonAsync("/api/v1/refresh", new { other.RefreshToken });
        await refresh.ReadErrorAsync(HttpStatusCode.Unauthorized);
    }

    [Fact]
    public async Task Change_password_keeps_this_session_and_revokes_the_others()
    {
        var session = await fixture.RegisterAsync();
        var other = await fixture.LoginAsync(session.Email);
        const string newPassword = "brand-new-secret-7";

        using var wrong = await session.Client.PostJsonAsync("/api/v1/change-password", new { CurrentPassword = "not-the-password-1", NewPassword = newPassword });
        Assert.Contains("current_password", await wrong.ReadErrorAsync(HttpStatusCode.BadRequest), StringComparison.Ordinal);
        using var weak = await session.Client.PostJsonAsync("/api/v1/change-password", new { CurrentPassword = session.Password, NewPassword = "short" });
        Assert.Contains("new_password", await weak.ReadErrorAsync(HttpStatusCode.BadRequest), StringComparison.Ordinal);

        using var change = await session.Client.PostJsonAsync("/api/v1/change-password", new { CurrentPassword = session.Password, NewPassword = newPassword });
        Assert.Equal(HttpStatusCode.NoContent, change.StatusCode);

        using var stillMine = await session.Client.GetAsync("/api/v1/me");
        await stillMine.ReadJsonAsync();
        using var mineRefresh = await Client.PostJsonAsync("/api/v1/refresh", new { session.RefreshToken });
        await mineRefresh.ReadJsonAsync();

        using var otherRefresh = await Client.PostJsonAsync("/api/v1/refresh", new { other.RefreshToken });
        await otherRefresh.ReadErrorAsync(HttpStatusCode.Unauthorized);
        using var otherAccess = await other.Client.GetAsync("/api/v1/me");
        await otherAccess.ReadErrorAsync(HttpStatusCode.Unauthorized);

        using var oldLogin = await Client.PostJsonAsync("/api/v1/login", new { session.Email, session.Password });
        await oldLogin.ReadErrorAsync(HttpStatusCode.Unauthorized);
        await fixture.LoginAsync(session.Email, newPassword);
    }

    [Fact]
    public async Task Repeated_failed_logins_are_throttled_with_429_and_Retry_After()
    {
        var session = await fixture.RegisterAsync();
        for (var i = 0; i < 5; i++)
        {
            using var failure = await Client.PostJsonAsync("/api/v1/login", new { session.Email, Password = $"wrong-password-{i}" });
            await failure.ReadErrorAsync(HttpStatusCode.Unauthorized);
        }

        // Even the right password waits now.
        using var throttled = await Client.PostJsonAsync("/api/v1/login", new { session.Email, session.Password });
        await throttled.ReadErrorAsync(HttpStatusCode.TooManyRequests);
        var retryAfter = int.Parse(throttled.Headers.GetValues("Retry-After").Single(), System.Globalization.CultureInfo.InvariantCulture);
        Assert.InRange(retryAfter, 1, 15 * 60);

        // The throttle is per address: another user signs in fine.
        var bystander = await fixture.RegisterAsync();
        await fixture.LoginAsync(bystander.Email);
    }

    [Fact]
    public async Task The_throttle_outlives_a_restart_of_the_host()
    {
        var email = ApiFixture.UniqueEmail("restart-throttle");
        await fixture.RegisterAsync(email);
        for (var i = 0; i < 5; i++)
        {
            using var failure = await Client.PostJsonAsync("/api/v1/login", new { Email = email, Password = $"wrong-password-{i}" });
            await failure.ReadErrorAsync(HttpStatusCode.Unauthorized);
        }

        await fixture.RestartAsync();
        using var throttled = await fixture.Client.PostJsonAsync("/api/v1/login", new { Email = email, Password = ApiFixture.DefaultPassword });
        await throttled.ReadErrorAsync(HttpStatusCode.TooManyRequests);
    }

    private async Task<long> CountRowsAsync(string sql, string parameter)
    {
        await using var connection = new NpgsqlConnection(fixture.Database.ConnectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand(sql, connection);
        command.Parameters.AddWithValue(parameter);
        return (long)(await command.ExecuteScalarAsync())!;
    }
}
