using System.Net;
using System.Text.Json;
using System.Text.RegularExpressions;
using VetrAI.ApiFrontend.Tests.Infrastructure;

namespace VetrAI.ApiFrontend.Tests.Users;

public sealed partial class UserTests(ApiFixture fixture) : IClassFixture<ApiFixture>
{
    [Fact]
    public async Task An_org_admin_creates_a_user_with_a_password_who_can_sign_in_at_once()
    {
        var admin = await fixture.RegisterOrgAdminAsync();
        var email = ApiFixture.UniqueEmail("agent");
        var user = await CreateUserAsync(admin, email, ["support_agent"], ApiFixture.DefaultPassword);
        Assert.Equal("active", user.GetString("status"));
        Assert.Equal(admin.OrganizationId, user.GetString("organization_id"));

        var agent = await fixture.LoginAsync(email);
        using var me = await agent.Client.GetAsync("/api/v1/me");
        Assert.Equal(["support_agent"], (await me.ReadJsonAsync()).GetStrings("roles"));

        using var get = await admin.Client.GetAsync($"/api/v1/users/{agent.UserId}");
        Assert.Equal(email, (await get.ReadJsonAsync()).GetString("email"));
    }

    [Fact]
    public async Task A_user_created_without_a_password_is_invited_by_email_and_accepts()
    {
        var admin = await fixture.RegisterOrgAdminAsync();
        var email = ApiFixture.UniqueEmail("invitee");
        var user = await CreateUserAsync(admin, email, ["user"], password: null);
        Assert.Equal("invited", user.GetString("status"));

        using var early = await fixture.Client.PostJsonAsync("/api/v1/login", new { Email = email, Password = ApiFixture.DefaultPassword });
        await early.ReadErrorAsync(HttpStatusCode.Unauthorized);

        var (subject, text) = await MailDev.WaitForEmailToAsync(email);
        Assert.Contains("invited", subject, StringComparison.Ordinal);
        var token = TokenInEmail().Match(text).Groups[1].Value;
        Assert.False(string.IsNullOrEmpty(token), $"no token in: {text}");

        using var wrong = await fixture.Client.PostJsonAsync("/api/v1/invitations/accept", new { Token = token + "x", Password = ApiFixture.DefaultPassword });
        await wrong.ReadErrorAsync(HttpStatusCode.Unauthorized);
        using var accepted = await fixture.Client.PostJsonAsync("/api/v1/invitations/accept", new { Token = token, Password = ApiFixture.DefaultPassword });
        var session = await accepted.ReadJsonAsync();
        Assert.Equal("active", session.GetProperty("user").GetString("status"));
        using var again = await fixture.Client.PostJsonAsync("/api/v1/invitations/accept", new { Token = token, Password = "another-pass-99" });
        await again.ReadErrorAsync(HttpStatusCode.Unauthorized);

        await fixture.LoginAsync(email);
    }

    [Fact]
    public async Task Bad_user_input_is_400_and_creates_nothing()
    {
        var admin = await fixture.RegisterOrgAdminAsync();
        var email = ApiFixture.UniqueEmail("bad");
        using var superRole = await admin.Client.PostJsonAsync("/api/v1/users", new { Email = email, FullName = "X", Roles = new[] { "super_admin" } });
        Assert.Contains("super_admin", await superRole.ReadErrorAsync(HttpStatusCode.BadRequest), StringComparison.Ordinal);
        using var noRoles = await admin.Client.PostJsonAsync("/api/v1/users", new { Email = email, FullName = "X" });
        Assert.Contains("roles is required", await noRoles.ReadErrorAsync(HttpStatusCode.BadRequest), StringComparison.Ordinal);
        using var weak = await admin.Client.PostJsonAsync("/api/v1/users", new { Email = email, FullName = "X", Roles = new[] { "user" }, Password = "weak" });
        await weak.ReadErrorAsync(HttpStatusCode.BadRequest);

        // The address was never reserved.
        await CreateUserAsync(admin, email, ["user"], ApiFixture.DefaultPassword);
        using var duplicate = await admin.Client.PostJsonAsync("/api/v1/users", new { Email = email.ToUpperInvariant(), FullName = "X", Roles = new[] { "user" } });
        await duplicate.ReadErrorAsync(HttpStatusCode.Conflict);
    }

    [Fact]
    public async Task Users_list_is_the_callers_organization_only_page_by_page()
    {
        var admin = await fixture.RegisterOrgAdminAsync();
        var stranger = await fixture.RegisterOrgAdminAsync();
        for (var i = 0; i < 3; i++)
        {
            await CreateUserAsync(admin, ApiFixture.UniqueEmail("listed"), ["user"], ApiFixture.DefaultPassword);
        }

        var seen = new List<JsonElement>();
        string? cursor = null;
        do
        {
            using var response = await admin.Client.GetAsync("/api/v1/users?limit=3" + (cursor is null ? "" : $"&cursor={Uri.EscapeDataString(cursor)}"));
            var page = await response.ReadJsonAsync();
            seen.AddRange(page.GetProperty("items").EnumerateArray());
            var next = page.GetProperty("next_cursor");
            cursor = next.ValueKind == JsonValueKind.Null ? null : next.GetString();
        }
        while (cursor is not null);

        Assert.Equal(4, seen.Count);
        Assert.All(seen, u => Assert.Equal(admin.OrganizationId, u.GetString("organization_id")));
        Assert.Contains(seen, u => u.GetString("id") == admin.UserId);
        Assert.DoesNotContain(seen, u => u.GetString("id") == stranger.UserId);
        var created = seen.Select(u => DateTimeOffset.Parse(u.GetString("created_at"), System.Globalization.CultureInfo.InvariantCulture)).ToList();
        Assert.Equal(created.OrderDescending(), created);

        using var filtered = await admin.Client.GetAsync("/api/v1/users?status=invited");
        Assert.Empty((await filtered.ReadJsonAsync()).GetProperty("items").EnumerateArray());
        using var badStatus = await admin.Client.GetAsync("/api/v1/users?status=zombie");
        await badStatus.ReadErrorAsync(HttpStatusCode.BadRequest);
    }

    [Fact]
    public async Task A_user_of_org_B_gets_404_for_org_A_users()
    {
        var a = await fixture.RegisterOrgAdminAsync();
        var b = await fixture.RegisterOrgAdminAsync();
        var victim = await CreateUserAsync(a, ApiFixture.UniqueEmail("victim"), ["user"], ApiFixture.DefaultPassword);
        var url = $"/api/v1/users/{victim.GetString("id")}";

        using var get = await b.Client.GetAsync(url);
        await get.ReadErrorAsync(HttpStatusCode.NotFound);
        using var put = await b.Client.PutJsonAsync(url, new { Active = false });
        await put.ReadErrorAsync(HttpStatusCode.NotFound);
        using var delete = await b.Client.DeleteAsync(url);
        await delete.ReadErrorAsync(HttpStatusCode.NotFound);
        using var other = await b.Client.GetAsync($"/api/v1/users?organization_id={a.OrganizationId}");
        await other.ReadErrorAsync(HttpStatusCode.NotFound);

        using var stillActive = await a.Client.GetAsync(url);
        Assert.True((await stillActive.ReadJsonAsync()).GetProperty("active").GetBoolean());
    }

    [Fact]
    public async Task Plain_users_cannot_administer_users()
    {
        var admin = await fixture.RegisterOrgAdminAsync();
        var email = ApiFixture.UniqueEmail("plain");
        await CreateUserAsync(admin, email, ["user", "billing_admin"], ApiFixture.DefaultPassword);
        var plain = await fixture.LoginAsync(email);
        using var list = await plain.Client.GetAsync("/api/v1/users");
        await list.ReadErrorAsync(HttpStatusCode.Forbidden);
        using var create = await plain.Client.PostJsonAsync("/api/v1/users", new { Email = ApiFixture.UniqueEmail(), FullName = "X", Roles = new[] { "user" } });
        await create.ReadErrorAsync(HttpStatusCode.Forbidden);
    }

    [Fact]
    public async Task A_role_change_applies_to_the_next_request_of_the_changed_user()
    {
        var admin = await fixture.RegisterOrgAdminAsync();
        var email = ApiFixture.UniqueEmail("promoted");
        await CreateUserAsync(admin, email, ["user"], ApiFixture.DefaultPassword);
        var promoted = await fixture.LoginAsync(email);
        using var before = await promoted.Client.GetAsync("/api/v1/users");
        await before.ReadErrorAsync(HttpStatusCode.Forbidden);

        using var change = await admin.Client.PutJsonAsync($"/api/v1/users/{promoted.UserId}", new { Roles = new[] { "org_admin" }, FullName = "Promoted" });
        var changed = await change.ReadJsonAsync();
        Assert.Equal(["org_admin"], changed.GetStrings("roles"));
        Assert.Equal("Promoted", changed.GetString("full_name"));

        using var after = await promoted.Client.GetAsync("/api/v1/users");
        await after.ReadJsonAsync();
    }

    [Fact]
    public async Task A_deactivated_user_cannot_sign_in_and_their_tokens_stop_working_at_once()
    {
        var admin = await fixture.RegisterOrgAdminAsync();
        var email = ApiFixture.UniqueEmail("deactivated");
        await CreateUserAsync(admin, email, ["user"], ApiFixture.DefaultPassword);
        var user = await fixture.LoginAsync(email);

        using var deactivate = await admin.Client.PutJsonAsync($"/api/v1/users/{user.UserId}", new { Active = false });
        Assert.False((await deactivate.ReadJsonAsync()).GetProperty("active").GetBoolean());

        using var me = await user.Client.GetAsync("/api/v1/me");
        await me.ReadErrorAsync(HttpStatusCode.Unauthorized);
        using var refresh = await fixture.Client.PostJsonAsync("/api/v1/refresh", new { user.RefreshToken });
        await refresh.ReadErrorAsync(HttpStatusCode.Unauthorized);
        using var login = await fixture.Client.PostJsonAsync("/api/v1/login", new { Email = email, Password = ApiFixture.DefaultPassword });
        Assert.Contains("deactivated", await login.ReadErrorAsync(HttpStatusCode.Forbidden), StringComparison.Ordinal);

        using var reactivate = await admin.Client.PutJsonAsync($"/api/v1/users/{user.UserId}", new { Active = true });
        await reactivate.ReadJsonAsync();
        var back = await fixture.LoginAsync(email);
        using var meAgain = await back.Client.GetAsync("/api/v1/me");
        await meAgain.ReadJsonAsync();

        // Tokens from before the deactivation stay dead.
        using var old = await user.Client.GetAsync("/api/v1/me");
        await old.ReadErrorAsync(HttpStatusCode.Unauthorized);
    }

    [Fact]
    public async Task Admins_cannot_lock_themselves_out()
    {
        var admin = await fixture.RegisterOrgAdminAsync();
        using var deactivate = await admin.Client.PutJsonAsync($"/api/v1/users/{admin.UserId}", new { Active = false });
        await deactivate.ReadErrorAsync(HttpStatusCode.Conflict);
        using var demote = await admin.Client.PutJsonAsync($"/api/v1/users/{admin.UserId}", new { Roles = new[] { "user" } });
        await demote.ReadErrorAsync(HttpStatusCode.Conflict);
        using var delete = await admin.Client.DeleteAsync($"/api/v1/users/{admin.UserId}");
        await delete.ReadErrorAsync(HttpStatusCode.Conflict);
    }

    [Fact]
    public async Task Deleting_a_user_ends_their_access_and_frees_the_email()
    {
        var admin = await fixture.RegisterOrgAdminAsync();
        var email = ApiFixture.UniqueEmail("deleted");
        await CreateUserAsync(admin, email, ["user"], ApiFixture.DefaultPassword);
        var user = await fixture.LoginAsync(email);

        using var delete = await admin.Client.DeleteAsync($"/api/v1/users/{user.UserId}");
        Assert.Equal(HttpStatusCode.NoContent, delete.StatusCode);
        using var me = await user.Client.GetAsync("/api/v1/me");
        await me.ReadErrorAsync(HttpStatusCode.Unauthorized);
        using var get = await admin.Client.GetAsync($"/api/v1/users/{user.UserId}");
        await get.ReadErrorAsync(HttpStatusCode.NotFound);
        using var login = await fixture.Client.PostJsonAsync("/api/v1/login", new { Email = email, Password = ApiFixture.DefaultPassword });
        await login.ReadErrorAsync(HttpStatusCode.Unauthorized);

        await fixture.RegisterAsync(email);
    }

    [Fact]
    public async Task The_plans_user_limit_is_enforced_with_403_saying_why()
    {
        var admin = await fixture.RegisterOrgAdminAsync();
        for (var i = 0; i < 4; i++)
        {
            await CreateUserAsync(admin, ApiFixture.UniqueEmail("seat"), ["user"], ApiFixture.DefaultPassword);
        }

        var email = ApiFixture.UniqueEmail("one-too-many");
        using var sixth = await admin.Client.PostJsonAsync("/api/v1/users", new { Email = email, FullName = "Sixth", Roles = new[] { "user" } });
        var detail = await sixth.ReadErrorAsync(HttpStatusCode.Forbidden);
        Assert.Contains("limit of 5 users", detail, StringComparison.Ordinal);

        // The refused user left nothing behind: the address can register on its own.
        await fixture.RegisterAsync(email);
    }

    private static async Task<JsonElement> CreateUserAsync(TestSession admin, string email, string[] roles, string? password)
    {
        using var response = await admin.Client.PostJsonAsync("/api/v1/users", new { Email = email, FullName = "Created User", Roles = roles, Password = password });
        return await response.ReadJsonAsync(HttpStatusCode.Created);
    }

    [GeneratedRegex("\"token\": \"([^\"]+)\"")]
    private static partial Regex TokenInEmail();
}
