using VetrAI.TestSupport;
using System.Net;
using System.Net.Http.Headers;
using System.Text.Json;
using Microsoft.Extensions.DependencyInjection;
using VetrAI.ApiFrontend.Tests.Infrastructure;
using VetrAI.Grains.ObjectStorage;

namespace VetrAI.ApiFrontend.Tests.Tickets;

public sealed class TicketsApiTests(SupportFixture fixture) : IClassFixture<SupportFixture>
{
    private static async Task<JsonElement> CreateTicketAsync(TestSession session, string priority = "normal", string subject = "Printer on fire")
    {
        var response = await session.Client.PostJsonAsync("/api/v1/tickets", new { Subject = subject, Description = "It is on fire.", Priority = priority });
        return await response.ReadJsonAsync(HttpStatusCode.Created);
    }

    private static async Task<JsonElement> PutAsync(TestSession session, string id, object body, HttpStatusCode expected = HttpStatusCode.OK) =>
        await (await session.Client.PutJsonAsync($"/api/v1/tickets/{id}", body)).ReadJsonAsync(expected);

    private static async Task<string> PutErrorAsync(TestSession session, string id, object body, HttpStatusCode expected) =>
        await (await session.Client.PutJsonAsync($"/api/v1/tickets/{id}", body)).ReadErrorAsync(expected);

    [Fact]
    public async Task A_ticket_goes_through_its_lifecycle_and_forbidden_transitions_say_why()
    {
        var org = await fixture.CreateOrgAsync();
        var ticket = await CreateTicketAsync(org.User, "high");
        var id = ticket.GetString("id");
        Assert.Equal(("open", "high", org.User.UserId), (ticket.GetString("status"), ticket.GetString("priority"), ticket.GetString("requester_id")));
        var sla = ticket.GetProperty("sla");
        Assert.False(sla.GetProperty("breached").GetBoolean());
        Assert.Equal(
            TimeSpan.FromHours(4),
            sla.GetProperty("first_response_due_at").GetDateTimeOffset() - ticket.GetProperty("created_at").GetDateTimeOffset());
        Assert.Equal(
            TimeSpan.FromHours(24),
            sla.GetProperty("resolution_due_at").GetDateTimeOffset() - ticket.GetProperty("created_at").GetDateTimeOffset());

        Assert.Contains("must be resolved before it can be closed", await PutErrorAsync(org.Agent, id, new { Status = "closed" }, HttpStatusCode.Conflict), StringComparison.Ordinal);
        Assert.Contains("close or reopen a resolved ticket", await PutErrorAsync(org.User, id, new { Status = "resolved" }, HttpStatusCode.Forbidden), StringComparison.Ordinal);
        Assert.Contains("status must be one of", await PutErrorAsync(org.Agent, id, new { Status = "done" }, HttpStatusCode.BadRequest), StringComparison.Ordinal);

        Assert.Equal(org.Agent.UserId, (await PutAsync(org.Agent, id, new { AssigneeId = org.Agent.UserId })).GetString("assignee_id"));
        Assert.Contains("not a support agent or org admin", await PutErrorAsync(org.Agent, id, new { AssigneeId = org.User.UserId }, HttpStatusCode.BadRequest), StringComparison.Ordinal);
        Assert.Equal("pending", (await PutAsync(org.Agent, id, new { Status = "pending" })).GetString("status"));
        Assert.Equal(JsonValueKind.Null, (await (await org.Agent.Client.GetAsync($"/api/v1/tickets/{id}")).ReadJsonAsync()).GetProperty("sla").GetProperty("resolution_due_at").ValueKind);
        Assert.Equal("resolved", (await PutAsync(org.Agent, id, new { Status = "resolved" })).GetString("status"));
        Assert.Contains("can only be closed or reopened", await PutErrorAsync(org.Agent, id, new { Status = "pending" }, HttpStatusCode.Conflict), StringComparison.Ordinal);
        Assert.Equal("open", (await PutAsync(org.User, id, new { Status = "open" })).GetString("status"));
        await PutAsync(org.Agent, id, new { Status = "resolved" });
        var closed = await PutAsync(org.User, id, new { Status = "closed" });
        Assert.Equal("closed", closed.GetString("status"));
        Assert.NotEqual(JsonValueKind.Null, closed.GetProperty("closed_at").ValueKind);

        Assert.Contains("closed ticket is final", await PutErrorAsync(org.Agent, id, new { Status = "open" }, HttpStatusCode.Conflict), StringComparison.Ordinal);
        var comment = await org.Agent.Client.PostJsonAsync($"/api/v1/tickets/{id}/comments", new { Body = "hello?" });
        Assert.Contains("closed ticket is final", await comment.ReadErrorAsync(HttpStatusCode.Conflict), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Plain_users_see_only_their_tickets_and_no_internal_comments()
    {
        var org = await fixture.CreateOrgAsync();
        var mine = (await CreateTicketAsync(org.User, subject: "mine")).GetString("id");
        var theirs = (await CreateTicketAsync(org.OtherUser, subject: "theirs")).GetString("id");
        await (await org.Agent.Client.PostJsonAsync($"/api/v1/tickets/{mine}/comments", new { Body = "VIP customer", Internal = true })).ReadJsonAsync(HttpStatusCode.Created);
        await (await org.Agent.Client.PostJsonAsync($"/api/v1/tickets/{mine}/comments", new { Body = "We are on it", Internal = false })).ReadJsonAsync(HttpStatusCode.Created);

        await (await org.User.Client.GetAsync($"/api/v1/tickets/{theirs}")).ReadErrorAsync(HttpStatusCode.NotFound);
        await PutErrorAsync(org.User, theirs, new { Subject = "hijack" }, HttpStatusCode.NotFound);
        var seen = await (await org.User.Client.GetAsync($"/api/v1/tickets/{mine}")).ReadJsonAsync();
        Assert.Equal(["We are on it"], seen.GetProperty("comments").EnumerateArray().Select(c => c.GetString("body")));
        var internalByUser = await org.User.Client.PostJsonAsync($"/api/v1/tickets/{mine}/comments", new { Body = "psst", Internal = true });
        await internalByUser.ReadErrorAsync(HttpStatusCode.Forbidden);

        var userList = await (await org.User.Client.GetAsync("/api/v1/tickets")).ReadJsonAsync();
        Assert.Equal([mine], userList.GetProperty("items").EnumerateArray().Select(t => t.GetString("id")));
        var agentList = await (await org.Agent.Client.GetAsync("/api/v1/tickets?limit=1")).ReadJsonAsync();
        Assert.Equal([theirs], agentList.GetProperty("items").EnumerateArray().Select(t => t.GetString("id")));
        var next = agentList.GetString("next_cursor");
        var second = await (await org.Agent.Client.GetAsync($"/api/v1/tickets?limit=1&cursor={next}")).ReadJsonAsync();
        Assert.Equal([mine], second.GetProperty("items").EnumerateArray().Select(t => t.GetString("id")));
        Assert.Equal(JsonValueKind.Null, second.GetProperty("next_cursor").ValueKind);
        Assert.Equal(2, (await (await org.Agent.Client.GetAsync($"/api/v1/tickets/{mine}")).ReadJsonAsync()).GetProperty("comments").GetArrayLength());

        await PutAsync(org.Agent, theirs, new { Priority = "urgent", AssigneeId = org.Agent.UserId });
        var filtered = await (await org.Admin.Client.GetAsync($"/api/v1/tickets?priority=urgent&assignee_id={org.Agent.UserId}&status=open")).ReadJsonAsync();
        Assert.Equal([theirs], filtered.GetProperty("items").EnumerateArray().Select(t => t.GetString("id")));
        await (await org.Admin.Client.GetAsync("/api/v1/tickets?priority=asap")).ReadErrorAsync(HttpStatusCode.BadRequest);
    }

    [Theory]
    [InlineData("/api/v1/tickets?assignee_id=a%00b")]
    [InlineData("/api/v1/users?organization_id=a%00b")]
    [InlineData("/api/v1/jobs?status=open%01")]
    [InlineData("/api/v1/keys?cursor=1%00a")]
    public async Task Query_values_with_control_characters_are_400(string path)
    {
        var org = await fixture.CreateOrgAsync();
        await (await org.Admin.Client.GetAsync(path)).ReadErrorAsync(HttpStatusCode.BadRequest);
    }

    [Fact]
    public async Task A_cursor_whose_id_holds_a_control_character_is_400()
    {
        var org = await fixture.CreateOrgAsync();
        var cursor = Convert.ToBase64String("1700000000000000:a\u0000b"u8).TrimEnd('=').Replace('+', '-').Replace('/', '_');
        foreach (var list in new[] { "tickets", "jobs", "users", "keys", "audit-logs" })
        {
            await (await org.Admin.Client.GetAsync($"/api/v1/{list}?cursor={cursor}")).ReadErrorAsync(HttpStatusCode.BadRequest);
        }
    }

    [Fact]
    public async Task Another_organization_gets_404_for_tickets_and_attachments()
    {
        var orgA = await fixture.CreateOrgAsync();
        var orgB = await fixture.CreateOrgAsync();
        var id = (await CreateTicketAsync(orgA.User)).GetString("id");
        var attachment = await (await UploadAsync(orgA.User, id, "notes.txt", "text/plain", "secret notes"u8.ToArray())).ReadJsonAsync(HttpStatusCode.Created);

        await (await orgB.Admin.Client.GetAsync($"/api/v1/tickets/{id}")).ReadErrorAsync(HttpStatusCode.NotFound);
        await (await orgB.Agent.Client.GetAsync(attachment.GetString("download_url"))).ReadErrorAsync(HttpStatusCode.NotFound);
        await PutErrorAsync(orgB.Admin, id, new { Status = "pending" }, HttpStatusCode.NotFound);
        await (await orgB.Agent.Client.PostJsonAsync($"/api/v1/tickets/{id}/comments", new { Body = "hi" })).ReadErrorAsync(HttpStatusCode.NotFound);
        await (await UploadAsync(orgB.Agent, id, "x.txt", "text/plain", [1])).ReadErrorAsync(HttpStatusCode.NotFound);
        Assert.Empty((await (await orgB.Admin.Client.GetAsync("/api/v1/tickets")).ReadJsonAsync()).GetProperty("items").EnumerateArray());
        await (await orgA.OtherUser.Client.GetAsync(attachment.GetString("download_url"))).ReadErrorAsync(HttpStatusCode.NotFound);
        Assert.Equal("secret notes", await (await orgA.Agent.Client.GetAsync(attachment.GetString("download_url"))).Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task A_ticket_without_an_agent_reply_breaches_by_itself_and_one_answered_in_time_does_not()
    {
        var org = await fixture.CreateOrgAsync();
        var target = new { FirstResponseSeconds = 1, ResolutionSeconds = 3 };
        await (await org.Admin.Client.PutJsonAsync("/api/v1/tickets/sla-policy", new { Low = target, Normal = target, High = target, Urgent = target })).ReadJsonAsync();
        await (await org.Agent.Client.PutJsonAsync("/api/v1/tickets/sla-policy", new { Low = target, Normal = target, High = target, Urgent = target })).ReadErrorAsync(HttpStatusCode.Forbidden);

        var ignored = (await CreateTicketAsync(org.User, "urgent")).GetString("id");
        var answered = (await CreateTicketAsync(org.User, "urgent")).GetString("id");
        await (await org.Agent.Client.PostJsonAsync($"/api/v1/tickets/{answered}/comments", new { Body = "Fixed it" })).ReadJsonAsync(HttpStatusCode.Created);
        await PutAsync(org.Agent, answered, new { Status = "resolved" });

        JsonElement late = default;
        await Wait.ForAsync(async () =>
        {
            late = await (await org.Agent.Client.GetAsync($"/api/v1/tickets/{ignored}")).ReadJsonAsync();
            return late.GetProperty("sla").GetProperty("resolution_breached_at").ValueKind != JsonValueKind.Null;
        }, "the unanswered ticket to breach both of its targets");

        Assert.True(late.GetProperty("sla").GetProperty("breached").GetBoolean());
        var onTime = await (await org.Agent.Client.GetAsync($"/api/v1/tickets/{answered}")).ReadJsonAsync();
        Assert.False(onTime.GetProperty("sla").GetProperty("breached").GetBoolean());
        Assert.NotEqual(JsonValueKind.Null, onTime.GetProperty("sla").GetProperty("first_responded_at").ValueKind);
    }

    [Fact]
    public async Task A_multi_megabyte_attachment_round_trips_byte_for_byte()
    {
        var org = await fixture.CreateOrgAsync();
        var id = (await CreateTicketAsync(org.User)).GetString("id");
        var bytes = new byte[(6 * 1024 * 1024) + 12345];
        Random.Shared.NextBytes(bytes);

        var created = await (await UploadAsync(org.User, id, "../../etc/Quarterly report (final).pdf", "application/pdf", bytes)).ReadJsonAsync(HttpStatusCode.Created);

        Assert.Equal(("Quarterly_report_final_.pdf", "application/pdf", (long)bytes.Length),
            (created.GetString("filename"), created.GetString("content_type"), created.GetProperty("size").GetInt64()));
        using var download = await org.Agent.Client.GetAsync(created.GetString("download_url"));
        Assert.Equal(HttpStatusCode.OK, download.StatusCode);
        Assert.Equal("application/pdf", download.Content.Headers.ContentType?.MediaType);
        Assert.Equal(bytes.Length, download.Content.Headers.ContentLength);
        var downloaded = await download.Content.ReadAsByteArrayAsync();
        Assert.True(bytes.AsSpan().SequenceEqual(downloaded), "the downloaded bytes differ from the uploaded ones");
        var ticket = await (await org.User.Client.GetAsync($"/api/v1/tickets/{id}")).ReadJsonAsync();
        Assert.Equal(created.GetString("id"), ticket.GetProperty("attachments")[0].GetString("id"));
    }

    [Fact]
    public async Task A_too_large_upload_is_413_and_leaves_no_object_and_a_disallowed_type_is_400()
    {
        var org = await fixture.CreateOrgAsync();
        var id = (await CreateTicketAsync(org.User)).GetString("id");
        var storage = fixture.Frontend.Services.GetRequiredService<IObjectStorage>();
        var tooLarge = new byte[SupportFixture.AttachmentLimit + 1];

        Assert.Contains("larger than the limit", await (await UploadAsync(org.User, id, "big.zip", "application/zip", tooLarge)).ReadErrorAsync(HttpStatusCode.RequestEntityTooLarge), StringComparison.Ordinal);
        Assert.Contains("not accepted", await (await UploadAsync(org.User, id, "page.html", "text/html", "<script>"u8.ToArray())).ReadErrorAsync(HttpStatusCode.BadRequest), StringComparison.Ordinal);
        Assert.Contains("multipart/form-data", await (await org.User.Client.PostJsonAsync($"/api/v1/tickets/{id}/attachments", new { File = "x" })).ReadErrorAsync(HttpStatusCode.BadRequest), StringComparison.Ordinal);

        Assert.Empty(await storage.ListAsync(org.Admin.OrganizationId!, "", CancellationToken.None));
        Assert.Equal(0, (await (await org.User.Client.GetAsync($"/api/v1/tickets/{id}")).ReadJsonAsync()).GetProperty("attachments").GetArrayLength());
    }

    private static Task<HttpResponseMessage> UploadAsync(TestSession session, string id, string fileName, string contentType, byte[] bytes)
    {
        var content = new MultipartFormDataContent();
        var file = new ByteArrayContent(bytes);
        file.Headers.ContentType = new MediaTypeHeaderValue(contentType);
        content.Add(file, "file", fileName);
        return session.Client.PostAsync($"/api/v1/tickets/{id}/attachments", content);
    }
}
