using System.Net;
using System.Net.Http.Json;
using System.Text;
using Microsoft.Extensions.DependencyInjection;
using Npgsql;
using VetrAI.ApiFrontend.Tests.Infrastructure;
using VetrAI.ApiFrontend.Tests.Tickets;
using VetrAI.Grains.ObjectStorage;

namespace VetrAI.ApiFrontend.Tests.Privacy;

public sealed class AccountErasureTests(SupportFixture fixture) : IClassFixture<SupportFixture>
{
    [Fact]
    public async Task Erasure_ends_every_session_frees_the_email_and_leaves_an_anonymous_audit_trail_and_tickets()
    {
        var org = await fixture.CreateOrgAsync();
        var user = org.User;
        var ticket = await (await user.Client.PostJsonAsync("/api/v1/tickets", new { Subject = "Please help", Description = "It broke.", Priority = "high" }))
            .ReadJsonAsync(HttpStatusCode.Created);
        var ticketId = ticket.GetString("id");
        await (await user.Client.PostJsonAsync($"/api/v1/tickets/{ticketId}/comments", new { Body = "Any news?" })).ReadJsonAsync(HttpStatusCode.Created);
        await (await org.Agent.Client.PostJsonAsync($"/api/v1/tickets/{ticketId}/comments", new { Body = "On it." })).ReadJsonAsync(HttpStatusCode.Created);
        await (await org.Admin.Client.PostJsonAsync("/api/v1/notifications/send", new { user.UserId, Channel = "in_app", Subject = "Hi", Body = "Hello" }))
            .ReadJsonAsync(HttpStatusCode.Accepted);
        await PrivacyApi.ExportAsync(user);
        var otherSession = await fixture.LoginAsync(user.Email);

        using (var erased = await PrivacyApi.EraseAsync(user))
        {
            Assert.Equal(HttpStatusCode.NoContent, erased.StatusCode);
        }

        // Read before the sign-in attempts below: each of those records the address it was tried with.
        var trail = await AuditAsync("SELECT action, coalesce(actor_id, ''), coalesce(target, ''), details::text FROM audit_log ORDER BY created_at, id");

        // Every session of every front end: access tokens and refresh tokens alike.
        foreach (var session in new[] { user, otherSession })
        {
            await (await session.Client.GetAsync("/api/v1/me")).ReadErrorAsync(HttpStatusCode.Unauthorized);
            await (await fixture.Client.PostJsonAsync("/api/v1/refresh", new { session.RefreshToken })).ReadErrorAsync(HttpStatusCode.Unauthorized);
        }

        await (await fixture.Client.PostJsonAsync("/api/v1/login", new { user.Email, user.Password })).ReadErrorAsync(HttpStatusCode.Unauthorized);
        await (await org.Admin.Client.GetAsync($"/api/v1/users/{user.UserId}")).ReadErrorAsync(HttpStatusCode.NotFound);
        var members = await (await org.Admin.Client.GetAsync("/api/v1/users")).ReadJsonAsync();
        Assert.DoesNotContain(members.GetProperty("items").EnumerateArray(), m => m.GetString("id") == user.UserId);

        // The ticket stays with the organization; its requester and the comment's author are the anonymous id.
        var kept = await (await org.Agent.Client.GetAsync($"/api/v1/tickets/{ticketId}")).ReadJsonAsync();
        var anonymousId = kept.GetString("requester_id");
        Assert.StartsWith("erased:", anonymousId, StringComparison.Ordinal);
        var comments = kept.GetProperty("comments").EnumerateArray().ToList();
        Assert.Equal([anonymousId, org.Agent.UserId], comments.Select(c => c.GetString("author_id")));

        // The audit trail keeps its entries, naming the anonymous id instead of the user id or the address.
        Assert.DoesNotContain(trail, row => row.Contains(user.UserId, StringComparison.Ordinal) || row.Contains(user.Email, StringComparison.OrdinalIgnoreCase));
        Assert.Contains(trail, row => row.StartsWith($"user.created|{org.Admin.UserId}|{anonymousId}|", StringComparison.Ordinal));
        Assert.Contains(trail, row => row.StartsWith($"auth.login_succeeded|{anonymousId}|{anonymousId}|", StringComparison.Ordinal)
            || row.StartsWith($"auth.login_succeeded||{anonymousId}|", StringComparison.Ordinal));
        Assert.Contains(trail, row => row.StartsWith($"user.erased|{anonymousId}|{anonymousId}|", StringComparison.Ordinal));

        // No archive of the user's data is left in storage, and the address can sign up again.
        var storage = fixture.Frontend.Services.GetRequiredService<IObjectStorage>();
        Assert.Empty(await storage.ListAsync($"user-{user.UserId}", "exports/", CancellationToken.None));
        var again = await fixture.RegisterAsync(user.Email);
        Assert.NotEqual(user.UserId, again.UserId);
        await (await again.Client.GetAsync("/api/v1/me")).ReadJsonAsync();
    }

    [Fact]
    public async Task The_last_org_admin_of_an_organization_with_members_gets_409_and_nothing_changes()
    {
        var org = await fixture.CreateOrgAsync();
        await (await PrivacyApi.EraseAsync(org.Admin)).ReadErrorAsync(HttpStatusCode.Conflict);
        var me = await (await org.Admin.Client.GetAsync("/api/v1/me")).ReadJsonAsync();
        Assert.Contains("org_admin", me.GetStrings("roles"));
        await fixture.LoginAsync(org.Admin.Email);

        // With a second org admin, the first may go; the organization and its members stay.
        await (await org.Admin.Client.PutJsonAsync($"/api/v1/users/{org.Agent.UserId}", new { Roles = new[] { "org_admin" } })).ReadJsonAsync();
        using (var erased = await PrivacyApi.EraseAsync(org.Admin))
        {
            Assert.Equal(HttpStatusCode.NoContent, erased.StatusCode);
        }

        var organization = await (await org.Agent.Client.GetAsync($"/api/v1/organizations/{org.Agent.OrganizationId}")).ReadJsonAsync();
        Assert.Equal(org.Agent.OrganizationId, organization.GetString("id"));
        var members = await (await org.Agent.Client.GetAsync("/api/v1/users")).ReadJsonAsync();
        Assert.Equal(3, members.GetProperty("items").GetArrayLength());
    }

    [Fact]
    public async Task Two_admins_erasing_themselves_at_once_leave_one_admin()
    {
        var admin = await fixture.RegisterOrgAdminAsync();
        var second = await fixture.AddMemberAsync(admin, "org_admin");
        await fixture.AddMemberAsync(admin, "user");

        var answers = await Task.WhenAll(PrivacyApi.EraseAsync(admin), PrivacyApi.EraseAsync(second));
        Assert.Equal([HttpStatusCode.NoContent, HttpStatusCode.Conflict], answers.Select(a => a.StatusCode).Order());
        var survivor = answers[0].StatusCode == HttpStatusCode.Conflict ? admin : second;
        await (await survivor.Client.GetAsync("/api/v1/me")).ReadJsonAsync();
    }

    [Fact]
    public async Task The_same_erasure_twice_at_once_erases_once()
    {
        var admin = await fixture.RegisterOrgAdminAsync();
        var user = await fixture.AddMemberAsync(admin, "user");
        var answers = await Task.WhenAll(PrivacyApi.EraseAsync(user), PrivacyApi.EraseAsync(user));
        Assert.Contains(answers, a => a.StatusCode == HttpStatusCode.NoContent);
        Assert.All(answers, a => Assert.True(a.StatusCode is HttpStatusCode.NoContent or HttpStatusCode.NotFound or HttpStatusCode.Unauthorized, $"{a.StatusCode}"));
        await (await fixture.Client.PostJsonAsync("/api/v1/login", new { user.Email, user.Password })).ReadErrorAsync(HttpStatusCode.Unauthorized);
        var again = await fixture.RegisterAsync(user.Email);
        await (await again.Client.GetAsync("/api/v1/me")).ReadJsonAsync();
    }

    [Fact]
    public async Task A_user_alone_in_an_organization_takes_it_along()
    {
        // An address with regular-expression characters, in mixed case: the audit rewrite matches it literally.
        var email = $"Ann+Tag.{Guid.NewGuid():N}@Example.com";
        var admin = await fixture.RegisterOrgAdminAsync(email);
        await (await fixture.Client.PostJsonAsync("/api/v1/login", new { Email = email.ToLowerInvariant(), Password = "wrong-password-1" }))
            .ReadErrorAsync(HttpStatusCode.Unauthorized);
        using (var erased = await PrivacyApi.EraseAsync(admin))
        {
            Assert.Equal(HttpStatusCode.NoContent, erased.StatusCode);
        }

        var superAdmin = await fixture.LoginAsAdminAsync();
        await (await superAdmin.Client.GetAsync($"/api/v1/organizations/{admin.OrganizationId}")).ReadErrorAsync(HttpStatusCode.NotFound);
        var trail = await AuditAsync("SELECT action, coalesce(actor_id, ''), coalesce(target, ''), details::text FROM audit_log ORDER BY created_at, id");
        Assert.DoesNotContain(trail, row => row.Contains(admin.UserId, StringComparison.Ordinal) || row.Contains(email, StringComparison.OrdinalIgnoreCase));
        Assert.Contains(trail, row => row.StartsWith("organization.deleted|erased:", StringComparison.Ordinal));
    }

    [Fact]
    public async Task A_wrong_password_is_400_and_changes_nothing()
    {
        var admin = await fixture.RegisterOrgAdminAsync();
        var user = await fixture.AddMemberAsync(admin, "user");
        await (await PrivacyApi.EraseAsync(user, "not-my-password-1")).ReadErrorAsync(HttpStatusCode.BadRequest);
        await (await user.Client.GetAsync("/api/v1/me")).ReadJsonAsync();
        await fixture.LoginAsync(user.Email);
        await (await admin.Client.GetAsync($"/api/v1/users/{user.UserId}")).ReadJsonAsync();
    }

    [Fact]
    public async Task Wrong_passwords_lock_the_account_and_a_locked_account_is_not_erased()
    {
        var admin = await fixture.RegisterOrgAdminAsync();
        var user = await fixture.AddMemberAsync(admin, "user");
        for (var i = 0; i < 5; i++)
        {
            await (await PrivacyApi.EraseAsync(user, $"not-my-password-{i}")).ReadErrorAsync(HttpStatusCode.BadRequest);
        }

        using (var locked = await PrivacyApi.EraseAsync(user))
        {
            Assert.InRange(await locked.ReadRetryAfterAsync(), TimeSpan.FromMinutes(14), TimeSpan.FromMinutes(15));
        }

        await (await user.Client.GetAsync("/api/v1/me")).ReadJsonAsync();
        await (await admin.Client.GetAsync($"/api/v1/users/{user.UserId}")).ReadJsonAsync();
        await (await fixture.Client.PostJsonAsync("/api/v1/login", new { user.Email, user.Password })).ReadRetryAfterAsync();
    }

    [Fact]
    public async Task Bad_bodies_are_4xx_and_change_nothing()
    {
        var admin = await fixture.RegisterOrgAdminAsync();
        var user = await fixture.AddMemberAsync(admin, "user");
        foreach (var body in new[] { "", "{", "null", "[]", "{}", """{"password": null}""", """{"password": 42}""", """{"password": ["x"]}""",
            """{"password": ""}""", $$"""{"password": "{{new string('a', 100_000)}}"}""" })
        {
            using var request = new HttpRequestMessage(HttpMethod.Delete, "/api/v1/me") { Content = new StringContent(body, Encoding.UTF8, "application/json") };
            await (await user.Client.SendAsync(request)).ReadErrorAsync(HttpStatusCode.BadRequest);
        }

        using (var noBody = new HttpRequestMessage(HttpMethod.Delete, "/api/v1/me"))
        {
            await (await user.Client.SendAsync(noBody)).ReadErrorAsync(HttpStatusCode.BadRequest);
        }

        using (var text = new HttpRequestMessage(HttpMethod.Delete, "/api/v1/me") { Content = new StringContent("password=x", Encoding.UTF8, "text/plain") })
        {
            await (await user.Client.SendAsync(text)).ReadErrorAsync(HttpStatusCode.UnsupportedMediaType);
        }

        using (var anonymous = new HttpRequestMessage(HttpMethod.Delete, "/api/v1/me") { Content = JsonContent.Create(new { password = user.Password }) })
        {
            await (await fixture.Client.SendAsync(anonymous)).ReadErrorAsync(HttpStatusCode.Unauthorized);
        }

        await (await user.Client.GetAsync("/api/v1/me")).ReadJsonAsync();
    }

    /// <summary>The audit log as "action|actor|target|details" rows.</summary>
    private async Task<List<string>> AuditAsync(string sql)
    {
        await using var connection = new NpgsqlConnection(fixture.Database.ConnectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand(sql, connection);
        await using var reader = await command.ExecuteReaderAsync();
        var rows = new List<string>();
        while (await reader.ReadAsync())
        {
            rows.Add($"{reader.GetString(0)}|{reader.GetString(1)}|{reader.GetString(2)}|{reader.GetString(3)}");
        }

        return rows;
    }
}
