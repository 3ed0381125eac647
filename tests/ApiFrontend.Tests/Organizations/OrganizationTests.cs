using System.Net;
using VetrAI.ApiFrontend.Tests.Infrastructure;

namespace VetrAI.ApiFrontend.Tests.Organizations;

public sealed class OrganizationTests(ApiFixture fixture) : IClassFixture<ApiFixture>
{
    [Fact]
    public async Task A_user_without_an_organization_creates_one_and_becomes_its_org_admin()
    {
        var session = await fixture.RegisterAsync();
        var slug = $"acme-{Guid.NewGuid():N}"[..20];
        using var created = await session.Client.PostJsonAsync("/api/v1/organizations", new { Name = "Acme", Slug = slug });
        var organization = await created.ReadJsonAsync(HttpStatusCode.Created);
        Assert.Equal(
            ["created_at", "id", "limits", "name", "plan", "slug"],
            organization.EnumerateObject().Select(p => p.Name).Order().ToArray());
        Assert.Equal(slug, organization.GetString("slug"));
        Assert.Equal("free", organization.GetString("plan"));
        var limits = organization.GetProperty("limits");
        Assert.Equal(
            ["max_keys", "max_users", "monthly_requests", "rate_limit_per_minute"],
            limits.EnumerateObject().Select(p => p.Name).Order().ToArray());
        Assert.Equal(5, limits.GetProperty("max_users").GetInt32());

        using var me = await session.Client.GetAsync("/api/v1/me");
        var body = await me.ReadJsonAsync();
        Assert.Equal(organization.GetString("id"), body.GetString("organization_id"));
        Assert.Contains("org_admin", body.GetStrings("roles"));

        using var second = await session.Client.PostJsonAsync("/api/v1/organizations", new { Name = "Second" });
        await second.ReadErrorAsync(HttpStatusCode.Conflict);
    }

    [Fact]
    public async Task Only_a_super_admin_picks_a_paid_plan()
    {
        var session = await fixture.RegisterAsync();
        using var response = await session.Client.PostJsonAsync("/api/v1/organizations", new { Name = "Rich", Plan = "enterprise" });
        Assert.Contains("super admin", await response.ReadErrorAsync(HttpStatusCode.Forbidden), StringComparison.Ordinal);

        var admin = await fixture.LoginAsAdminAsync();
        using var created = await admin.Client.PostJsonAsync("/api/v1/organizations", new { Name = "Rich", Plan = "enterprise" });
        var organization = await created.ReadJsonAsync(HttpStatusCode.Created);
        Assert.Equal("enterprise", organization.GetString("plan"));
        Assert.Equal(1000, organization.GetProperty("limits").GetProperty("max_users").GetInt32());
    }

    [Fact]
    public async Task Invalid_input_is_400_and_a_taken_slug_409()
    {
        var owner = await fixture.RegisterOrgAdminAsync();
        using var current = await owner.Client.GetAsync($"/api/v1/organizations/{owner.OrganizationId}");
        var takenSlug = (await current.ReadJsonAsync()).GetString("slug");

        var session = await fixture.RegisterAsync();
        using var badSlug = await session.Client.PostJsonAsync("/api/v1/organizations", new { Name = "X", Slug = "Not Valid!" });
        Assert.Contains("slug", await badSlug.ReadErrorAsync(HttpStatusCode.BadRequest), StringComparison.Ordinal);
        using var badPlan = await session.Client.PostJsonAsync("/api/v1/organizations", new { Name = "X", Plan = "platinum" });
        Assert.Contains("plan", await badPlan.ReadErrorAsync(HttpStatusCode.BadRequest), StringComparison.Ordinal);
        using var noName = await session.Client.PostJsonAsync("/api/v1/organizations", new { Slug = "valid-slug" });
        Assert.Contains("name is required", await noName.ReadErrorAsync(HttpStatusCode.BadRequest), StringComparison.Ordinal);
        using var taken = await session.Client.PostJsonAsync("/api/v1/organizations", new { Name = "Copycat", Slug = takenSlug });
        Assert.Contains(takenSlug, await taken.ReadErrorAsync(HttpStatusCode.Conflict), StringComparison.Ordinal);

        // Nothing of the failed attempts stuck: the user can still create an organization.
        using var ok = await session.Client.PostJsonAsync("/api/v1/organizations", new { Name = "Fine" });
        await ok.ReadJsonAsync(HttpStatusCode.Created);
    }

    [Fact]
    public async Task Org_admins_rename_and_reslug_but_only_a_super_admin_changes_plan_and_limits()
    {
        var session = await fixture.RegisterOrgAdminAsync();
        var url = $"/api/v1/organizations/{session.OrganizationId}";
        var newSlug = $"renamed-{Guid.NewGuid():N}"[..24];
        using var renamed = await session.Client.PutJsonAsync(url, new { Name = "Renamed", Slug = newSlug });
        var body = await renamed.ReadJsonAsync();
        Assert.Equal("Renamed", body.GetString("name"));
        Assert.Equal(newSlug, body.GetString("slug"));

        using var plan = await session.Client.PutJsonAsync(url, new { Plan = "pro" });
        await plan.ReadErrorAsync(HttpStatusCode.Forbidden);
        using var nothing = await session.Client.PutJsonAsync(url, new { });
        await nothing.ReadErrorAsync(HttpStatusCode.BadRequest);

        var admin = await fixture.LoginAsAdminAsync();
        using var upgraded = await admin.Client.PutJsonAsync(url, new { Plan = "pro", Limits = new { MaxUsers = 7 } });
        var upgradedBody = await upgraded.ReadJsonAsync();
        Assert.Equal("pro", upgradedBody.GetString("plan"));
        Assert.Equal(7, upgradedBody.GetProperty("limits").GetProperty("max_users").GetInt32());
        Assert.Equal(600, upgradedBody.GetProperty("limits").GetProperty("rate_limit_per_minute").GetInt32());

        // The old slug is free again.
        var other = await fixture.RegisterAsync();
        using var reuse = await other.Client.PostJsonAsync("/api/v1/organizations", new { Name = "Reuser", Slug = newSlug[..^1] + "x" });
        await reuse.ReadJsonAsync(HttpStatusCode.Created);
    }

    [Fact]
    public async Task A_user_of_org_B_gets_404_for_everything_of_org_A()
    {
        var a = await fixture.RegisterOrgAdminAsync();
        var b = await fixture.RegisterOrgAdminAsync();
        var url = $"/api/v1/organizations/{a.OrganizationId}";

        using var get = await b.Client.GetAsync(url);
        var foreignDetail = await get.ReadErrorAsync(HttpStatusCode.NotFound);
        using var put = await b.Client.PutJsonAsync(url, new { Name = "Hijacked" });
        await put.ReadErrorAsync(HttpStatusCode.NotFound);
        using var delete = await b.Client.DeleteAsync(url);
        await delete.ReadErrorAsync(HttpStatusCode.NotFound);
        using var unknown = await b.Client.GetAsync($"/api/v1/organizations/{Guid.NewGuid():N}");
        Assert.Equal(foreignDetail, await unknown.ReadErrorAsync(HttpStatusCode.NotFound));

        using var list = await b.Client.GetAsync("/api/v1/organizations");
        var items = (await list.ReadJsonAsync()).GetProperty("items").EnumerateArray().Select(o => o.GetString("id")).ToList();
        Assert.Equal([b.OrganizationId!], items);

        using var stillA = await a.Client.GetAsync(url);
        Assert.NotEqual("Hijacked", (await stillA.ReadJsonAsync()).GetString("name"));
    }

    [Fact]
    public async Task Plain_members_may_read_their_organization_but_not_change_it()
    {
        var admin = await fixture.RegisterOrgAdminAsync();
        var member = await fixture.AddMemberAsync(admin);
        var url = $"/api/v1/organizations/{admin.OrganizationId}";

        using var get = await member.Client.GetAsync(url);
        await get.ReadJsonAsync();
        using var put = await member.Client.PutJsonAsync(url, new { Name = "Mine now" });
        Assert.Contains("org_admin", await put.ReadErrorAsync(HttpStatusCode.Forbidden), StringComparison.Ordinal);
        using var delete = await member.Client.DeleteAsync(url);
        await delete.ReadErrorAsync(HttpStatusCode.Forbidden);
    }

    [Fact]
    public async Task Deleting_an_organization_hides_it_revokes_its_keys_and_deactivates_its_users()
    {
        var admin = await fixture.RegisterOrgAdminAsync();
        var member = await fixture.AddMemberAsync(admin);

        using var createdKey = await admin.Client.PostJsonAsync("/api/v1/keys", new { Name = "doomed key" });
        var key = (await createdKey.ReadJsonAsync(HttpStatusCode.Created)).GetString("key");
        using (var valid = await fixture.Client.PostJsonAsync("/api/v1/keys/validate", new { Key = key }))
        {
            Assert.Equal("VALID", (await valid.ReadJsonAsync()).GetString("code"));
        }

        var url = $"/api/v1/organizations/{admin.OrganizationId}";
        using var delete = await admin.Client.DeleteAsync(url);
        Assert.Equal(HttpStatusCode.NoContent, delete.StatusCode);

        using (var revoked = await fixture.Client.PostJsonAsync("/api/v1/keys/validate", new { Key = key }))
        {
            Assert.Equal("REVOKED", (await revoked.ReadJsonAsync()).GetString("code"));
        }

        var superAdmin = await fixture.LoginAsAdminAsync();
        using var gone = await superAdmin.Client.GetAsync(url);
        await gone.ReadErrorAsync(HttpStatusCode.NotFound);
        using var memberToken = await member.Client.GetAsync("/api/v1/me");
        await memberToken.ReadErrorAsync(HttpStatusCode.Unauthorized);
        using var login = await fixture.Client.PostJsonAsync("/api/v1/login", new { member.Email, Password = ApiFixture.DefaultPassword });
        await login.ReadErrorAsync(HttpStatusCode.Forbidden);
    }

    [Fact]
    public async Task A_super_admin_lists_every_organization_page_by_page()
    {
        var created = new List<string>();
        for (var i = 0; i < 3; i++)
        {
            created.Add((await fixture.RegisterOrgAdminAsync()).OrganizationId!);
        }

        var admin = await fixture.LoginAsAdminAsync();
        var seen = new List<string>();
        string? cursor = null;
        do
        {
            var url = "/api/v1/organizations?limit=2" + (cursor is null ? "" : $"&cursor={Uri.EscapeDataString(cursor)}");
            using var response = await admin.Client.GetAsync(url);
            var page = await response.ReadJsonAsync();
            var items = page.GetProperty("items").EnumerateArray().ToList();
            Assert.InRange(items.Count, 0, 2);
            seen.AddRange(items.Select(o => o.GetString("id")));
            var next = page.GetProperty("next_cursor");
            cursor = next.ValueKind == System.Text.Json.JsonValueKind.Null ? null : next.GetString();
        }
        while (cursor is not null);

        Assert.Equal(seen.Count, seen.Distinct().Count());
        Assert.Superset(created.ToHashSet(), seen.ToHashSet());

        using var badLimit = await admin.Client.GetAsync("/api/v1/organizations?limit=500");
        Assert.Contains("limit", await badLimit.ReadErrorAsync(HttpStatusCode.BadRequest), StringComparison.Ordinal);
        using var badCursor = await admin.Client.GetAsync("/api/v1/organizations?cursor=%%%");
        Assert.Contains("cursor", await badCursor.ReadErrorAsync(HttpStatusCode.BadRequest), StringComparison.Ordinal);
    }
}
