using System.Net;
using System.Text.Json;
using VetrAI.ApiFrontend.Tests.Infrastructure;

namespace VetrAI.ApiFrontend.Tests.Audit;

public sealed class AuditLogTests(ApiFixture fixture) : IClassFixture<ApiFixture>
{
    [Fact]
    public async Task Security_events_are_recorded_with_actor_target_and_request_id()
    {
        var admin = await fixture.RegisterOrgAdminAsync();
        using (var failed = await fixture.Client.PostJsonAsync("/api/v1/login", new { admin.Email, Password = "not-my-password-1" }))
        {
            await failed.ReadErrorAsync(HttpStatusCode.Unauthorized);
        }

        await fixture.LoginAsync(admin.Email);
        var email = ApiFixture.UniqueEmail("audited");
        using var create = new HttpRequestMessage(HttpMethod.Post, "/api/v1/users")
        {
            Content = JsonContent(new { Email = email, FullName = "Audited", Roles = new[] { "user" }, Password = ApiFixture.DefaultPassword }),
        };
        create.Headers.Add("X-Request-Id", "create-user-request-1");
        using var created = await admin.Client.SendAsync(create);
        var userId = (await created.ReadJsonAsync(HttpStatusCode.Created)).GetString("id");

        var user = await fixture.LoginAsync(email);
        using (var change = await user.Client.PostJsonAsync("/api/v1/change-password", new { CurrentPassword = ApiFixture.DefaultPassword, NewPassword = "changed-password-9" }))
        {
            Assert.Equal(HttpStatusCode.NoContent, change.StatusCode);
        }

        using (var roles = await admin.Client.PutJsonAsync($"/api/v1/users/{userId}", new { Roles = new[] { "support_agent" } }))
        {
            await roles.ReadJsonAsync();
        }

        using (var deactivate = await admin.Client.PutJsonAsync($"/api/v1/users/{userId}", new { Active = false }))
        {
            await deactivate.ReadJsonAsync();
        }

        using (var update = await admin.Client.PutJsonAsync($"/api/v1/organizations/{admin.OrganizationId}", new { Name = "Audited Org" }))
        {
            await update.ReadJsonAsync();
        }

        using (var delete = await admin.Client.DeleteAsync($"/api/v1/users/{userId}"))
        {
            Assert.Equal(HttpStatusCode.NoContent, delete.StatusCode);
        }

        var entries = await ReadAllAsync(admin);
        var actions = entries.Select(e => e.GetString("action")).ToList();
        foreach (var expected in new[]
        {
            "organization.created", "user.registered", "auth.login_failed", "auth.login_succeeded", "user.created",
            "user.password_changed", "user.roles_changed", "user.deactivated", "organization.updated", "user.deleted",
        })
        {
            Assert.Contains(expected, actions);
        }

        var creation = entries.Single(e => e.GetString("action") == "user.created");
        Assert.Equal(admin.UserId, creation.GetString("actor_id"));
        Assert.Equal($"user:{userId}", creation.GetString("target"));
        Assert.Equal("create-user-request-1", creation.GetString("request_id"));
        Assert.Equal(admin.OrganizationId, creation.GetString("organization_id"));
        Assert.Equal(email, creation.GetProperty("details").GetString("email"));

        var roleChange = entries.Single(e => e.GetString("action") == "user.roles_changed");
        Assert.Equal("user", roleChange.GetProperty("details").GetString("old_roles"));
        Assert.Equal("support_agent", roleChange.GetProperty("details").GetString("new_roles"));

        var timestamps = entries.Select(e => DateTimeOffset.Parse(e.GetString("created_at"), System.Globalization.CultureInfo.InvariantCulture)).ToList();
        Assert.Equal(timestamps.OrderDescending(), timestamps);

        using var filtered = await admin.Client.GetAsync("/api/v1/audit-logs?action=user.deleted");
        Assert.Single((await filtered.ReadJsonAsync()).GetProperty("items").EnumerateArray());
    }

    [Fact]
    public async Task Another_organization_gets_404_and_plain_users_403()
    {
        var a = await fixture.RegisterOrgAdminAsync();
        var b = await fixture.RegisterOrgAdminAsync();
        using var foreign = await b.Client.GetAsync($"/api/v1/audit-logs?organization_id={a.OrganizationId}");
        await foreign.ReadErrorAsync(HttpStatusCode.NotFound);

        var own = await ReadAllAsync(b);
        Assert.All(own, e => Assert.Equal(b.OrganizationId, e.GetString("organization_id")));

        var plain = await fixture.RegisterAsync();
        using var forbidden = await plain.Client.GetAsync("/api/v1/audit-logs");
        await forbidden.ReadErrorAsync(HttpStatusCode.Forbidden);

        var admin = await fixture.LoginAsAdminAsync();
        using var superAdmin = await admin.Client.GetAsync($"/api/v1/audit-logs?organization_id={a.OrganizationId}");
        Assert.NotEmpty((await superAdmin.ReadJsonAsync()).GetProperty("items").EnumerateArray());
        using var unnamed = await admin.Client.GetAsync("/api/v1/audit-logs");
        Assert.Contains("organization_id", await unnamed.ReadErrorAsync(HttpStatusCode.BadRequest), StringComparison.Ordinal);
    }

    private static async Task<List<JsonElement>> ReadAllAsync(TestSession admin)
    {
        var entries = new List<JsonElement>();
        string? cursor = null;
        do
        {
            using var response = await admin.Client.GetAsync("/api/v1/audit-logs?limit=2" + (cursor is null ? "" : $"&cursor={Uri.EscapeDataString(cursor)}"));
            var page = await response.ReadJsonAsync();
            entries.AddRange(page.GetProperty("items").EnumerateArray());
            var next = page.GetProperty("next_cursor");
            cursor = next.ValueKind == JsonValueKind.Null ? null : next.GetString();
        }
        while (cursor is not null);

        Assert.Equal(entries.Count, entries.Select(e => e.GetString("id")).Distinct().Count());
        return entries;
    }

    private static StringContent JsonContent(object body)
        => new(JsonSerializer.Serialize(body, Api.Json), System.Text.Encoding.UTF8, "application/json");
}
