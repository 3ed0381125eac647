using System.Net;
using System.Text.Json;
using VetrAI.ApiFrontend.Tests.Infrastructure;
using VetrAI.ApiFrontend.Tests.Tickets;

namespace VetrAI.ApiFrontend.Tests.Privacy;

public sealed class DataExportTests(SupportFixture fixture) : IClassFixture<SupportFixture>
{
    [Fact]
    public async Task The_archive_holds_the_users_data_and_nothing_of_anyone_else()
    {
        var org = await fixture.CreateOrgAsync();
        var mark = Guid.NewGuid().ToString("N");
        var ticket = await (await org.User.Client.PostJsonAsync("/api/v1/tickets", new { Subject = $"Mine {mark}", Description = "My problem.", Priority = "normal" }))
            .ReadJsonAsync(HttpStatusCode.Created);
        var ticketId = ticket.GetString("id");
        await (await org.User.Client.PostJsonAsync($"/api/v1/tickets/{ticketId}/comments", new { Body = $"my comment {mark}" })).ReadJsonAsync(HttpStatusCode.Created);
        await (await org.Agent.Client.PostJsonAsync($"/api/v1/tickets/{ticketId}/comments", new { Body = $"agents only {mark}", Internal = true }))
            .ReadJsonAsync(HttpStatusCode.Created);
        var theirs = await (await org.OtherUser.Client.PostJsonAsync("/api/v1/tickets", new { Subject = $"Theirs {mark}", Description = "Their problem.", Priority = "low" }))
            .ReadJsonAsync(HttpStatusCode.Created);
        await (await org.OtherUser.Client.PostJsonAsync($"/api/v1/tickets/{theirs.GetString("id")}/comments", new { Body = $"their comment {mark}" }))
            .ReadJsonAsync(HttpStatusCode.Created);
        foreach (var (recipient, subject) in new[] { (org.User, $"for me {mark}"), (org.OtherUser, $"for them {mark}") })
        {
            await (await org.Admin.Client.PostJsonAsync("/api/v1/notifications/send", new { recipient.UserId, Channel = "in_app", Subject = subject, Body = "Hello" }))
                .ReadJsonAsync(HttpStatusCode.Accepted);
        }

        await (await org.Admin.Client.PutJsonAsync($"/api/v1/users/{org.User.UserId}", new { FullName = $"Renamed {mark}" })).ReadJsonAsync();

        var job = await PrivacyApi.ExportAsync(org.User);
        var url = PrivacyApi.DownloadUrl(job);
        Assert.Equal($"/api/v1/me/export/{job.GetString("id")}/download", url);
        Assert.True(job.GetProperty("result").GetProperty("expires_at").GetDateTimeOffset() > DateTimeOffset.UtcNow.AddDays(6));

        using var download = await org.User.Client.GetAsync(url);
        var text = await download.Content.ReadAsStringAsync();
        Assert.True(download.StatusCode == HttpStatusCode.OK, text);
        Assert.Equal("application/json", download.Content.Headers.ContentType?.MediaType);
        var archive = JsonDocument.Parse(text).RootElement;

        Assert.Equal("vetrai.personal-data-export/1", archive.GetString("format"));
        var profile = archive.GetProperty("profile");
        Assert.Equal((org.User.UserId, org.User.Email, $"Renamed {mark}"), (profile.GetString("id"), profile.GetString("email"), profile.GetString("full_name")));
        Assert.Contains(archive.GetProperty("sessions").EnumerateArray(), s => s.GetProperty("revoked_at").ValueKind == JsonValueKind.Null
            && s.GetProperty("ip").GetString() == "127.0.0.1" && s.GetProperty("last_used_at").ValueKind == JsonValueKind.String);
        Assert.False(profile.GetProperty("mfa_enabled").GetBoolean());
        Assert.False(profile.GetProperty("email_verified").GetBoolean());
        var membership = Assert.Single(archive.GetProperty("memberships").EnumerateArray());
        Assert.Equal(org.Admin.OrganizationId, membership.GetString("organization_id"));
        Assert.Equal(["user"], membership.GetStrings("roles"));

        var notifications = archive.GetProperty("notifications");
        Assert.Contains(notifications.GetProperty("items").EnumerateArray(), n => n.GetString("subject") == $"for me {mark}");
        Assert.True(notifications.GetProperty("preferences").GetProperty("categories").EnumerateObject().Any());

        var audit = archive.GetProperty("audit_log").EnumerateArray().ToList();
        Assert.Contains(audit, e => e.GetString("action") == "user.created" && e.GetString("target") == $"user:{org.User.UserId}");
        Assert.Contains(audit, e => e.GetString("action") == "user.updated" && e.GetString("actor_id") == org.Admin.UserId);
        Assert.Contains(audit, e => e.GetString("action") == "auth.login_succeeded");

        var exportedTicket = Assert.Single(archive.GetProperty("tickets").EnumerateArray());
        Assert.Equal(ticketId, exportedTicket.GetString("id"));
        Assert.Contains(exportedTicket.GetProperty("comments").EnumerateArray(), c => c.GetString("body") == $"my comment {mark}");
        var comment = Assert.Single(archive.GetProperty("comments").EnumerateArray());
        Assert.Equal((ticketId, $"my comment {mark}"), (comment.GetString("ticket_id"), comment.GetString("body")));

        // Nothing of the other member, and no agents' internal notes about the user's ticket.
        foreach (var foreign in new[] { org.OtherUser.Email, org.OtherUser.UserId, $"Theirs {mark}", $"their comment {mark}", $"for them {mark}", $"agents only {mark}" })
        {
            Assert.DoesNotContain(foreign, text, StringComparison.Ordinal);
        }
    }

    [Fact]
    public async Task Nobody_but_the_user_sees_or_downloads_the_export()
    {
        var org = await fixture.CreateOrgAsync();
        var job = await PrivacyApi.ExportAsync(org.User);
        var jobId = job.GetString("id");
        var url = PrivacyApi.DownloadUrl(job);

        foreach (var other in new[] { org.OtherUser, org.Admin, await fixture.LoginAsAdminAsync() })
        {
            await (await other.Client.GetAsync(url)).ReadErrorAsync(HttpStatusCode.NotFound);
            await (await other.Client.GetAsync($"/api/v1/me/export/{jobId}")).ReadErrorAsync(HttpStatusCode.NotFound);
        }

        // Not the organization's job either: its admins do not see it among theirs.
        await (await org.Admin.Client.GetAsync($"/api/v1/jobs/{jobId}")).ReadErrorAsync(HttpStatusCode.NotFound);
        await (await fixture.Client.GetAsync(url)).ReadErrorAsync(HttpStatusCode.Unauthorized);
        using var mine = await org.User.Client.GetAsync(url);
        Assert.Equal(HttpStatusCode.OK, mine.StatusCode);
    }

    [Fact]
    public async Task A_user_without_an_organization_exports_too()
    {
        var loner = await fixture.RegisterAsync();
        var job = await PrivacyApi.ExportAsync(loner);
        var archive = await (await loner.Client.GetAsync(PrivacyApi.DownloadUrl(job))).ReadJsonAsync();
        Assert.Equal(loner.Email, archive.GetProperty("profile").GetString("email"));
        Assert.Equal(0, archive.GetProperty("memberships").GetArrayLength());
        Assert.Equal(0, archive.GetProperty("tickets").GetArrayLength());
        Assert.Contains(archive.GetProperty("audit_log").EnumerateArray(), e => e.GetString("action") == "user.registered");
    }

    [Fact]
    public async Task Export_jobs_cannot_be_made_through_the_jobs_api_and_odd_ids_are_not_found()
    {
        var org = await fixture.CreateOrgAsync();
        await (await org.Admin.Client.PostJsonAsync("/api/v1/jobs", new { Type = "user_export", Payload = new { UserId = org.User.UserId } }))
            .ReadErrorAsync(HttpStatusCode.BadRequest);

        foreach (var id in new[] { "no-such-job", new string('a', 5000), "a%2Fb", "%20", Guid.NewGuid().ToString("N") })
        {
            await (await org.User.Client.GetAsync($"/api/v1/me/export/{id}")).ReadErrorAsync(HttpStatusCode.NotFound);
            await (await org.User.Client.GetAsync($"/api/v1/me/export/{id}/download")).ReadErrorAsync(HttpStatusCode.NotFound);
        }
    }
}
