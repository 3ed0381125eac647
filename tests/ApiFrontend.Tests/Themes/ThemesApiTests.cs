using System.Net;
using System.Text.Json;
using VetrAI.ApiFrontend.Tests.Infrastructure;

namespace VetrAI.ApiFrontend.Tests.Themes;

[Collection(ThemesCollection.Name)]
public sealed class ThemesApiTests(ThemesFixture fixture)
{
    [Fact]
    public async Task An_org_admin_manages_themes_members_read_them_and_changes_are_audited()
    {
        var org = await fixture.CreateOrgAsync();
        var created = await ThemesFixture.CreateThemeAsync(org.Admin, customCss: ".btn { color: var(--vetrai-color-primary); }");
        var id = created.GetString("id");
        Assert.Equal(32, id.Length);
        Assert.Equal(("Ocean", "#0077cc", "#fff", org.Admin.OrganizationId), (created.GetString("name"),
            created.GetProperty("colors").GetString("primary"), created.GetProperty("colors").GetString("secondary"), created.GetString("organization_id")));
        Assert.False(created.GetProperty("active").GetBoolean());
        Assert.Equal($"/api/v1/themes/{id}/theme.css", created.GetString("css_url"));
        Assert.Equal(JsonValueKind.Null, created.GetProperty("logo_url").ValueKind);

        // Any member reads; only org admins change.
        Assert.Equal("Ocean", (await (await org.User.Client.GetAsync($"/api/v1/themes/{id}")).ReadJsonAsync()).GetString("name"));
        var listed = await (await org.Agent.Client.GetAsync("/api/v1/themes")).ReadJsonAsync();
        Assert.Equal([id], listed.GetProperty("items").EnumerateArray().Select(t => t.GetString("id")));
        await (await org.User.Client.PostJsonAsync("/api/v1/themes", new { Name = "Mine", Colors = new { Primary = "#000", Secondary = "#000", Background = "#000", Text = "#000" } }))
            .ReadErrorAsync(HttpStatusCode.Forbidden);
        await (await org.User.Client.PutJsonAsync($"/api/v1/themes/{id}", new { Name = "Mine" })).ReadErrorAsync(HttpStatusCode.Forbidden);
        await (await org.Agent.Client.DeleteAsync($"/api/v1/themes/{id}")).ReadErrorAsync(HttpStatusCode.Forbidden);
        await (await org.User.Client.PostAsync($"/api/v1/themes/{id}/activate", null)).ReadErrorAsync(HttpStatusCode.Forbidden);
        await (await fixture.Client.GetAsync($"/api/v1/themes/{id}")).ReadErrorAsync(HttpStatusCode.Unauthorized);

        // A partial update changes only what it names; "" removes the custom CSS.
        var updated = await (await org.Admin.Client.PutJsonAsync($"/api/v1/themes/{id}", new { Colors = new { Text = "#ABCDEF" }, CustomCss = "" })).ReadJsonAsync();
        Assert.Equal(("Ocean", "#0077cc", "#abcdef"), (updated.GetString("name"), updated.GetProperty("colors").GetString("primary"), updated.GetProperty("colors").GetString("text")));
        Assert.Equal(JsonValueKind.Null, updated.GetProperty("custom_css").ValueKind);
        updated = await (await org.Admin.Client.PutJsonAsync($"/api/v1/themes/{id}", new { Name = "  Deep ocean " })).ReadJsonAsync();
        Assert.Equal("Deep ocean", updated.GetString("name"));

        await (await org.Admin.Client.DeleteAsync($"/api/v1/themes/{id}")).ReadJsonAsync(HttpStatusCode.NoContent);
        await (await org.User.Client.GetAsync($"/api/v1/themes/{id}")).ReadErrorAsync(HttpStatusCode.NotFound);
        await (await org.Admin.Client.DeleteAsync($"/api/v1/themes/{id}")).ReadErrorAsync(HttpStatusCode.NotFound);
        await (await org.Admin.Client.PutJsonAsync($"/api/v1/themes/{id}", new { Name = "Back" })).ReadErrorAsync(HttpStatusCode.NotFound);
        await (await fixture.Client.GetAsync($"/api/v1/themes/{id}/theme.css")).ReadErrorAsync(HttpStatusCode.NotFound);
        Assert.Empty((await (await org.Admin.Client.GetAsync("/api/v1/themes")).ReadJsonAsync()).GetProperty("items").EnumerateArray());

        var audit = await (await org.Admin.Client.GetAsync("/api/v1/audit-logs?limit=200")).ReadJsonAsync();
        var actions = audit.GetProperty("items").EnumerateArray().Where(e => e.GetString("target") == $"theme:{id}").Select(e => e.GetString("action")).ToList();
        Assert.Equal(["theme.deleted", "theme.updated", "theme.updated", "theme.created"], actions);
    }

    [Fact]
    public async Task Themes_of_another_organization_are_404_and_a_super_admin_names_the_organization()
    {
        var orgA = await fixture.CreateOrgAsync();
        var orgB = await fixture.CreateOrgAsync();
        var id = (await ThemesFixture.CreateThemeAsync(orgA.Admin)).GetString("id");

        await (await orgB.Admin.Client.GetAsync($"/api/v1/themes/{id}")).ReadErrorAsync(HttpStatusCode.NotFound);
        await (await orgB.Admin.Client.PutJsonAsync($"/api/v1/themes/{id}", new { Name = "Mine" })).ReadErrorAsync(HttpStatusCode.NotFound);
        await (await orgB.Admin.Client.DeleteAsync($"/api/v1/themes/{id}")).ReadErrorAsync(HttpStatusCode.NotFound);
        await (await orgB.Admin.Client.PostAsync($"/api/v1/themes/{id}/activate", null)).ReadErrorAsync(HttpStatusCode.NotFound);
        await (await ThemesFixture.UploadAsync(orgB.Admin.Client, id, "logo", "logo.png", "image/png", TestImages.Png)).ReadErrorAsync(HttpStatusCode.NotFound);
        await (await orgB.Admin.Client.GetAsync($"/api/v1/themes/{id}?organization_id={orgA.Admin.OrganizationId}")).ReadErrorAsync(HttpStatusCode.NotFound);
        Assert.Empty((await (await orgB.Admin.Client.GetAsync("/api/v1/themes")).ReadJsonAsync()).GetProperty("items").EnumerateArray());

        var admin = await fixture.LoginAsAdminAsync();
        var seen = await (await admin.Client.GetAsync($"/api/v1/themes/{id}?organization_id={orgA.Admin.OrganizationId}")).ReadJsonAsync();
        Assert.Equal(id, seen.GetString("id"));
        await (await admin.Client.GetAsync($"/api/v1/themes/{id}?organization_id={orgB.Admin.OrganizationId}")).ReadErrorAsync(HttpStatusCode.NotFound);
        using var made = await admin.Client.PostJsonAsync($"/api/v1/themes?organization_id={orgB.Admin.OrganizationId}",
            new { Name = "By admin", Colors = new { Primary = "#123", Secondary = "#456", Background = "#789", Text = "#abc" } });
        var byAdmin = await made.ReadJsonAsync(HttpStatusCode.Created);
        Assert.Equal(orgB.Admin.OrganizationId, byAdmin.GetString("organization_id"));
        Assert.Equal([byAdmin.GetString("id")], (await (await orgB.User.Client.GetAsync("/api/v1/themes")).ReadJsonAsync()).GetProperty("items").EnumerateArray().Select(t => t.GetString("id")));
        await (await admin.Client.PostJsonAsync("/api/v1/themes?organization_id=0123456789abcdef0123456789abcdef",
            new { Name = "Nowhere", Colors = new { Primary = "#123", Secondary = "#456", Background = "#789", Text = "#abc" } })).ReadErrorAsync(HttpStatusCode.NotFound);
    }

    public static TheoryData<string> BadBodies() => new()
    {
        "",
        "null",
        "[]",
        "{\"name\": 5, \"colors\": {\"primary\": \"#000\", \"secondary\": \"#000\", \"background\": \"#000\", \"text\": \"#000\"}}",
        "{\"name\": \"A\", \"colors\": \"#000\"}",
        "{\"name\": \"A\", \"colors\": {\"primary\": 0, \"secondary\": \"#000\", \"background\": \"#000\", \"text\": \"#000\"}}",
        "{\"name\": null, \"colors\": {\"primary\": \"#000\", \"secondary\": \"#000\", \"background\": \"#000\", \"text\": \"#000\"}}",
        "{\"name\": \"A\", \"colors\": null}",
        "{\"name\": \"A\"}",
        "{\"name\": \"A\", \"colors\": {\"primary\": null, \"secondary\": \"#000\", \"background\": \"#000\", \"text\": \"#000\"}}",
        "{\"name\": \"A\", \"colors\": {\"primary\": \"red\", \"secondary\": \"#000\", \"background\": \"#000\", \"text\": \"#000\"}}",
        "{\"name\": \"A\", \"colors\": {\"primary\": \"#12\", \"secondary\": \"#000\", \"background\": \"#000\", \"text\": \"#000\"}}",
        "{\"name\": \"A\", \"colors\": {\"primary\": \"#1234\", \"secondary\": \"#000\", \"background\": \"#000\", \"text\": \"#000\"}}",
        "{\"name\": \"A\", \"colors\": {\"primary\": \"#12345g\", \"secondary\": \"#000\", \"background\": \"#000\", \"text\": \"#000\"}}",
        "{\"name\": \"A\", \"colors\": {\"primary\": \" #123\", \"secondary\": \"#000\", \"background\": \"#000\", \"text\": \"#000\"}}",
        "{\"name\": \"A\", \"colors\": {\"primary\": \"#123;}\", \"secondary\": \"#000\", \"background\": \"#000\", \"text\": \"#000\"}}",
        "{\"name\": \"A\", \"colors\": {\"primary\": \"rgb(0,0,0)\", \"secondary\": \"#000\", \"background\": \"#000\", \"text\": \"#000\"}}",
        "{\"name\": \"A\\u0000B\", \"colors\": {\"primary\": \"#000\", \"secondary\": \"#000\", \"background\": \"#000\", \"text\": \"#000\"}}",
        "{\"name\": \"A\\u001bB\", \"colors\": {\"primary\": \"#000\", \"secondary\": \"#000\", \"background\": \"#000\", \"text\": \"#000\"}}",
        "{\"name\": \"   \", \"colors\": {\"primary\": \"#000\", \"secondary\": \"#000\", \"background\": \"#000\", \"text\": \"#000\"}}",
        $"{{\"name\": \"{new string('n', 101)}\", \"colors\": {{\"primary\": \"#000\", \"secondary\": \"#000\", \"background\": \"#000\", \"text\": \"#000\"}}}}",
        "{\"name\": \"A\", \"colors\": {\"primary\": \"#000\", \"secondary\": \"#000\", \"background\": \"#000\", \"text\": \"#000\"}, \"custom_css\": 7}",
        $"{{\"name\": \"A\", \"colors\": {{\"primary\": \"#000\", \"secondary\": \"#000\", \"background\": \"#000\", \"text\": \"#000\"}}, \"custom_css\": \"{new string('a', (64 * 1024) + 1)}\"}}",
        "{\"name\": \"A\", \"colors\": {\"primary\": \"#000\", \"secondary\": \"#000\", \"background\": \"#000\", \"text\": \"#000\"}, \"custom_css\": \"a{color:red}\\u0000\"}",
        "{\"name\": \"A\", \"colors\": {\"primary\": \"#000\", \"secondary\": \"#000\", \"background\": \"#000\", \"text\": \"#000\"}",
    };

    [Theory]
    [MemberData(nameof(BadBodies))]
    public async Task Bad_bodies_for_a_new_theme_are_400_with_the_standard_body_and_create_nothing(string body)
    {
        var org = await fixture.CreateOrgAsync();
        await (await org.Admin.Client.SendRawAsync(HttpMethod.Post, "/api/v1/themes", body)).ReadErrorAsync(HttpStatusCode.BadRequest);
        Assert.Empty((await (await org.Admin.Client.GetAsync("/api/v1/themes")).ReadJsonAsync()).GetProperty("items").EnumerateArray());
    }

    [Theory]
    [InlineData("")]
    [InlineData("null")]
    [InlineData("{}")]
    [InlineData("{\"name\": 1}")]
    [InlineData("{\"name\": \"\"}")]
    [InlineData("{\"name\": \"a\\u0007\"}")]
    [InlineData("{\"colors\": \"#000\"}")]
    [InlineData("{\"colors\": {\"text\": \"red\"}}")]
    [InlineData("{\"colors\": {\"primary\": 12}}")]
    [InlineData("{\"name\": \"Fine\", \"colors\": {\"primary\": \"#0000000\"}}")]
    [InlineData("{\"name\": \"Fine\", \"custom_css\": \"@import url(x.css);\"}")]
    [InlineData("{\"custom_css\": 5}")]
    [InlineData("{\"custom_css\": [\"a\"]}")]
    public async Task Bad_changes_are_400_with_the_standard_body_and_change_nothing(string body)
    {
        var org = await fixture.CreateOrgAsync();
        var id = (await ThemesFixture.CreateThemeAsync(org.Admin, customCss: "a { color: red; }")).GetString("id");
        var before = await (await org.Admin.Client.GetAsync($"/api/v1/themes/{id}")).ReadJsonAsync();

        await (await org.Admin.Client.SendRawAsync(HttpMethod.Put, $"/api/v1/themes/{id}", body)).ReadErrorAsync(HttpStatusCode.BadRequest);

        var after = await (await org.Admin.Client.GetAsync($"/api/v1/themes/{id}")).ReadJsonAsync();
        Assert.Equal(before.GetRawText(), after.GetRawText());
    }

    [Theory]
    [InlineData("/api/v1/themes/not-a-theme")]
    [InlineData("/api/v1/themes/0")]
    [InlineData("/api/v1/themes/0123456789ABCDEF0123456789ABCDEF")]
    [InlineData("/api/v1/themes/%20")]
    [InlineData("/api/v1/themes/..%2F..%2Fetc")]
    [InlineData("/api/v1/themes/a%0Ab")]
    [InlineData("/api/v1/themes/0123456789abcdef0123456789abcdef")]
    [InlineData("/api/v1/themes/x/theme.css")]
    [InlineData("/api/v1/themes/0123456789abcdef0123456789abcdef/logo")]
    [InlineData("/api/v1/themes/..%2Fx/favicon")]
    [InlineData("/api/v1/organizations/x/theme.css")]
    [InlineData("/api/v1/organizations/0123456789abcdef0123456789abcdef/theme.css")]
    public async Task Odd_or_unknown_ids_are_404(string path)
    {
        var org = await fixture.CreateOrgAsync();
        await (await org.Admin.Client.GetAsync(path)).ReadErrorAsync(HttpStatusCode.NotFound);
        await (await org.Admin.Client.GetAsync(path.Replace("/api/v1/themes/", "/api/v1/themes/" + new string('f', 4000), StringComparison.Ordinal)))
            .ReadErrorAsync(HttpStatusCode.NotFound);
    }

    [Fact]
    public async Task Odd_ids_in_changes_and_bad_query_values_are_4xx()
    {
        var org = await fixture.CreateOrgAsync();
        await (await org.Admin.Client.PutJsonAsync("/api/v1/themes/nope", new { Name = "X" })).ReadErrorAsync(HttpStatusCode.NotFound);
        await (await org.Admin.Client.DeleteAsync("/api/v1/themes/%2e%2e")).ReadErrorAsync(HttpStatusCode.NotFound);
        await (await org.Admin.Client.PostAsync("/api/v1/themes/nope/activate", null)).ReadErrorAsync(HttpStatusCode.NotFound);
        await (await ThemesFixture.UploadAsync(org.Admin.Client, "..%2F..", "logo", "logo.png", "image/png", TestImages.Png)).ReadErrorAsync(HttpStatusCode.NotFound);
        await (await org.Admin.Client.GetAsync("/api/v1/themes?limit=0")).ReadErrorAsync(HttpStatusCode.BadRequest);
        await (await org.Admin.Client.GetAsync("/api/v1/themes?cursor=%%%")).ReadErrorAsync(HttpStatusCode.BadRequest);
        await (await org.Admin.Client.GetAsync("/api/v1/themes?organization_id=a%00b")).ReadErrorAsync(HttpStatusCode.BadRequest);
        await (await org.Admin.Client.GetAsync($"/api/v1/themes?organization_id={Guid.NewGuid():N}")).ReadErrorAsync(HttpStatusCode.NotFound);
    }

    [Fact]
    public async Task The_list_pages_newest_first_and_marks_the_active_theme()
    {
        var org = await fixture.CreateOrgAsync();
        var ids = new List<string>();
        for (var i = 0; i < 3; i++)
        {
            ids.Add((await ThemesFixture.CreateThemeAsync(org.Admin, $"Theme {i}")).GetString("id"));
        }

        await (await org.Admin.Client.PostAsync($"/api/v1/themes/{ids[0]}/activate", null)).ReadJsonAsync();
        var first = await (await org.User.Client.GetAsync("/api/v1/themes?limit=2")).ReadJsonAsync();
        var second = await (await org.User.Client.GetAsync($"/api/v1/themes?limit=2&cursor={first.GetString("next_cursor")}")).ReadJsonAsync();
        var items = first.GetProperty("items").EnumerateArray().Concat(second.GetProperty("items").EnumerateArray()).ToList();
        Assert.Equal([ids[2], ids[1], ids[0]], items.Select(t => t.GetString("id")));
        Assert.Equal([false, false, true], items.Select(t => t.GetProperty("active").GetBoolean()));
        Assert.Equal(JsonValueKind.Null, second.GetProperty("next_cursor").ValueKind);
    }
}
