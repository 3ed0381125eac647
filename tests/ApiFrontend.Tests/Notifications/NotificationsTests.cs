using System.Net;
using System.Text.Json;
using VetrAI.ApiFrontend.Tests.Infrastructure;
using VetrAI.TestSupport;

namespace VetrAI.ApiFrontend.Tests.Notifications;

/// <summary>Notifications end to end: events of other features notify by themselves, in-app and by email through
/// a real SMTP server (maildev), honouring preferences and the organization's templates, with deliveries retried
/// across an SMTP outage.</summary>
public sealed class NotificationsTests(NotificationsFixture fixture) : IClassFixture<NotificationsFixture>
{
    private static readonly TimeSpan _settle = TimeSpan.FromSeconds(20);

    [Fact]
    public async Task An_assigned_and_commented_ticket_notifies_in_app_and_by_branded_email()
    {
        var org = await fixture.CreateOrgAsync();
        var subject = $"Printer {Guid.NewGuid():N}";
        var ticket = await (await org.User.Client.PostJsonAsync("/api/v1/tickets", new { Subject = subject, Description = "On fire.", Priority = "high" }))
            .ReadJsonAsync(HttpStatusCode.Created);
        var id = ticket.GetString("id");
        await (await org.Admin.Client.PutJsonAsync($"/api/v1/tickets/{id}", new { AssigneeId = org.Agent.UserId })).ReadJsonAsync();

        var assigned = await WaitForNotificationAsync(org.Agent, n => n.GetString("subject") == $"Ticket assigned to you: {subject}" && n.GetString("channel") == "in_app");
        Assert.Equal("tickets", assigned.GetString("category"));
        Assert.Equal("sent", assigned.GetString("status"));
        Assert.Contains(id, assigned.GetString("body"), StringComparison.Ordinal);
        var email = Assert.Single(await MailDev.WaitForSubjectAsync($"Ticket assigned to you: {subject}"));
        Assert.Contains(org.Agent.Email, email.To);
        Assert.Contains(id, email.Text, StringComparison.Ordinal);
        Assert.Contains("<html", email.Html, StringComparison.Ordinal);
        Assert.Contains(WebUtility.HtmlEncode(subject), email.Html, StringComparison.Ordinal);
        await WaitForNotificationAsync(org.Agent, n => n.GetString("channel") == "email" && n.GetString("status") == "sent"
            && n.GetString("subject") == $"Ticket assigned to you: {subject}");

        // The agent's reply reaches the requester; the agent is not told of their own comment.
        await (await org.Agent.Client.PostJsonAsync($"/api/v1/tickets/{id}/comments", new { Body = "Bring water <now>" })).ReadJsonAsync(HttpStatusCode.Created);
        var commented = await WaitForNotificationAsync(org.User, n => n.GetString("subject") == $"New comment on {subject}" && n.GetString("channel") == "in_app");
        Assert.Contains("Bring water <now>", commented.GetString("body"), StringComparison.Ordinal);
        var reply = Assert.Single(await MailDev.WaitForSubjectAsync($"New comment on {subject}"));
        Assert.Contains("Bring water &lt;now&gt;", reply.Html, StringComparison.Ordinal);
        Assert.DoesNotContain(await NotificationsAsync(org.Agent), n => n.GetString("subject") == $"New comment on {subject}");

        // An internal note goes to the assignee only, never to the requester.
        await (await org.Admin.Client.PostJsonAsync($"/api/v1/tickets/{id}/comments", new { Body = "internal", Internal = true })).ReadJsonAsync(HttpStatusCode.Created);
        await WaitForNotificationAsync(org.Agent, n => n.GetString("subject") == $"New comment on {subject}");
        Assert.Single(await NotificationsAsync(org.User), n => n.GetString("subject") == $"New comment on {subject}" && n.GetString("channel") == "in_app");
    }

    [Fact]
    public async Task Emails_carry_the_organizations_active_theme()
    {
        var org = await fixture.CreateOrgAsync();
        var theme = await (await org.Admin.Client.PostJsonAsync("/api/v1/themes", new
        {
            Name = "Brand",
            Colors = new { Primary = "#a1b2c3", Secondary = "#222", Background = "#fafafa", Text = "#101010" },
        })).ReadJsonAsync(HttpStatusCode.Created);
        await (await org.Admin.Client.PostAsync($"/api/v1/themes/{theme.GetString("id")}/activate", null)).ReadJsonAsync();

        var subject = $"Themed {Guid.NewGuid():N}";
        await (await org.Admin.Client.PostJsonAsync("/api/v1/notifications/send", new { UserId = org.User.UserId, Channel = "email", Subject = subject, Body = "Hi" }))
            .ReadJsonAsync(HttpStatusCode.Accepted);
        var email = Assert.Single(await MailDev.WaitForSubjectAsync(subject));
        Assert.Contains("#a1b2c3", email.Html, StringComparison.Ordinal);
        Assert.Contains("#fafafa", email.Html, StringComparison.Ordinal);
        Assert.Contains("Hi", email.Text, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Preferences_decide_the_channels_and_security_email_cannot_be_turned_off()
    {
        var org = await fixture.CreateOrgAsync();
        var preferences = await (await org.User.Client.GetAsync("/api/v1/notifications/preferences")).ReadJsonAsync();
        var tickets = preferences.GetProperty("categories").GetProperty("tickets");
        Assert.True(tickets.GetProperty("email").GetBoolean());
        Assert.True(tickets.GetProperty("in_app").GetBoolean());
        Assert.False(tickets.GetProperty("sms").GetBoolean());

        var changed = await (await org.User.Client.PutJsonAsync("/api/v1/notifications/preferences", new
        {
            Categories = new Dictionary<string, object> { ["tickets"] = new { Email = false, InApp = true, Sms = false } },
        })).ReadJsonAsync();
        Assert.False(changed.GetProperty("categories").GetProperty("tickets").GetProperty("email").GetBoolean());
        await (await org.User.Client.PutJsonAsync("/api/v1/notifications/preferences", new
        {
            Categories = new Dictionary<string, object> { ["security"] = new { Email = false, InApp = true, Sms = false } },
        })).ReadErrorAsync(HttpStatusCode.BadRequest);
        await (await org.User.Client.PutJsonAsync("/api/v1/notifications/preferences", new { PhoneNumber = "0800 FLOWERS" })).ReadErrorAsync(HttpStatusCode.BadRequest);
        foreach (var body in new[] { "{\"categories\": {\"weather\": {\"email\": true, \"in_app\": true, \"sms\": true}}}", "{\"categories\": {\"jobs\": {\"email\": \"yes\"}}}", "{\"categories\": {\"jobs\": null}}", "{}", "[]" })
        {
            await (await org.User.Client.SendRawAsync(HttpMethod.Put, "/api/v1/notifications/preferences", body)).ReadErrorAsync(HttpStatusCode.BadRequest);
        }

        var stored = await (await org.User.Client.GetAsync("/api/v1/notifications/preferences")).ReadJsonAsync();
        Assert.True(stored.GetProperty("categories").GetProperty("security").GetProperty("email").GetBoolean());
        Assert.False(stored.GetProperty("categories").GetProperty("tickets").GetProperty("email").GetBoolean());

        var subject = $"Quiet {Guid.NewGuid():N}";
        var id = (await (await org.User.Client.PostJsonAsync("/api/v1/tickets", new { Subject = subject, Description = "x" })).ReadJsonAsync(HttpStatusCode.Created)).GetString("id");
        await (await org.Agent.Client.PostJsonAsync($"/api/v1/tickets/{id}/comments", new { Body = "Hello" })).ReadJsonAsync(HttpStatusCode.Created);
        await WaitForNotificationAsync(org.User, n => n.GetString("subject") == $"New comment on {subject}");
        var channels = (await NotificationsAsync(org.User)).Where(n => n.GetString("subject") == $"New comment on {subject}").Select(n => n.GetString("channel")).ToList();
        Assert.Equal(["in_app"], channels);
    }

    [Fact]
    public async Task A_template_override_is_used_and_an_unknown_placeholder_is_refused_when_saved()
    {
        var org = await fixture.CreateOrgAsync();
        var templates = await (await org.Admin.Client.GetAsync("/api/v1/notifications/templates")).ReadJsonAsync();
        var keys = templates.GetProperty("items").EnumerateArray().Select(t => t.GetString("key")).ToList();
        foreach (var key in new[] { "user.invited", "password.reset", "email.verify", "ticket.assigned", "ticket.commented", "ticket.sla_breached", "job.failed", "billing.payment_failed", "api_key.credits_low" })
        {
            Assert.Contains(key, keys);
        }

        await (await org.Admin.Client.PutJsonAsync("/api/v1/notifications/templates/ticket.commented", new { Subject = "Reply on {{ticket_subject}}", Body = "{{nope}} said hi" }))
            .ReadErrorAsync(HttpStatusCode.BadRequest);
        await (await org.Admin.Client.PutJsonAsync("/api/v1/notifications/templates/ticket.commented", new { Subject = "Reply on {{ticket_subject", Body = "x" }))
            .ReadErrorAsync(HttpStatusCode.BadRequest);
        await (await org.Admin.Client.PutJsonAsync("/api/v1/notifications/templates/no.such.key", new { Subject = "x", Body = "y" })).ReadErrorAsync(HttpStatusCode.NotFound);
        await (await org.Agent.Client.PutJsonAsync("/api/v1/notifications/templates/ticket.commented", new { Subject = "x", Body = "y" })).ReadErrorAsync(HttpStatusCode.Forbidden);
        var unchanged = (await (await org.Admin.Client.GetAsync("/api/v1/notifications/templates")).ReadJsonAsync()).GetProperty("items").EnumerateArray()
            .Single(t => t.GetString("key") == "ticket.commented");
        Assert.False(unchanged.GetProperty("customized").GetBoolean());

        var saved = await (await org.Admin.Client.PutJsonAsync("/api/v1/notifications/templates/ticket.commented", new
        {
            Subject = "Reply on {{ ticket_subject }} for {{organization_name}}",
            Body = "{{comment_author}} wrote: {{comment}}",
        })).ReadJsonAsync();
        Assert.True(saved.GetProperty("customized").GetBoolean());

        var subject = $"Custom {Guid.NewGuid():N}";
        var id = (await (await org.User.Client.PostJsonAsync("/api/v1/tickets", new { Subject = subject, Description = "x" })).ReadJsonAsync(HttpStatusCode.Created)).GetString("id");
        await (await org.Agent.Client.PostJsonAsync($"/api/v1/tickets/{id}/comments", new { Body = "All good" })).ReadJsonAsync(HttpStatusCode.Created);
        var organization = await (await org.Admin.Client.GetAsync($"/api/v1/organizations/{org.Admin.OrganizationId}")).ReadJsonAsync();
        var notification = await WaitForNotificationAsync(org.User, n => n.GetString("subject") == $"Reply on {subject} for {organization.GetString("name")}");
        Assert.Equal("support_agent wrote: All good", notification.GetString("body"));

        // Another organization keeps the default.
        var other = await fixture.CreateOrgAsync();
        var otherTemplate = (await (await other.Admin.Client.GetAsync("/api/v1/notifications/templates")).ReadJsonAsync()).GetProperty("items").EnumerateArray()
            .Single(t => t.GetString("key") == "ticket.commented");
        Assert.Equal("New comment on {{ticket_subject}}", otherTemplate.GetString("subject"));
    }

    [Fact]
    public async Task An_email_queued_while_the_SMTP_server_is_down_is_delivered_once_when_it_is_back()
    {
        var org = await fixture.CreateOrgAsync();
        var subject = $"Outage {Guid.NewGuid():N}";
        await fixture.Smtp.DownAsync();
        JsonElement queued;
        try
        {
            queued = await (await org.Admin.Client.PostJsonAsync("/api/v1/notifications/send", new
            {
                UserId = org.User.UserId,
                Channel = "email",
                Subject = subject,
                Body = "Hello {{full_name}}, {{detail}}",
                Data = new { Detail = "the server was down" },
            })).ReadJsonAsync(HttpStatusCode.Accepted);
            Assert.Equal("queued", queued.GetString("status"));
            await WaitForNotificationAsync(org.User, n => n.GetString("id") == queued.GetString("id") && n.GetProperty("attempts").GetInt32() >= 2
                && n.GetString("status") == "queued" && n.GetProperty("error").ValueKind == JsonValueKind.String);
        }
        finally
        {
            fixture.Smtp.Up();
        }

        var sent = await WaitForNotificationAsync(org.User, n => n.GetString("id") == queued.GetString("id") && n.GetString("status") == "sent");
        Assert.Equal(JsonValueKind.Null, sent.GetProperty("error").ValueKind);
        var emails = await MailDev.WaitForSubjectAsync(subject);
        Assert.Contains("Hello user, the server was down", Assert.Single(emails).Text, StringComparison.Ordinal);
        // A retry would come within a few retry delays (300 ms, doubling): after 3 s nothing more went out.
        var window = DateTimeOffset.UtcNow + TimeSpan.FromSeconds(3);
        await Wait.ForAsync(() => DateTimeOffset.UtcNow >= window, "the retry window to pass");
        Assert.Single(await MailDev.EmailsWithSubjectAsync(subject));
        var final = (await NotificationsAsync(org.User)).Single(n => n.GetString("id") == queued.GetString("id"));
        Assert.Equal(sent.GetProperty("attempts").GetInt32(), final.GetProperty("attempts").GetInt32());
    }

    [Fact]
    public async Task SMS_go_through_Twilio_when_chosen_and_a_refused_one_ends_failed_with_Twilios_error()
    {
        var org = await fixture.CreateOrgAsync();
        // No phone number: SMS cannot be asked for.
        await (await org.Admin.Client.PostJsonAsync("/api/v1/notifications/send", new { UserId = org.User.UserId, Channel = "sms", Subject = "s", Body = "b" }))
            .ReadErrorAsync(HttpStatusCode.Conflict);
        var phone = $"+1415555{Random.Shared.Next(1000, 9999)}";
        await (await org.User.Client.PutJsonAsync("/api/v1/notifications/preferences", new
        {
            PhoneNumber = phone,
            Categories = new Dictionary<string, object> { ["tickets"] = new { Email = false, InApp = false, Sms = true } },
        })).ReadJsonAsync();

        var subject = $"Texted {Guid.NewGuid():N}";
        var id = (await (await org.User.Client.PostJsonAsync("/api/v1/tickets", new { Subject = subject, Description = "x" })).ReadJsonAsync(HttpStatusCode.Created)).GetString("id");
        await (await org.Agent.Client.PostJsonAsync($"/api/v1/tickets/{id}/comments", new { Body = "On my way" })).ReadJsonAsync(HttpStatusCode.Created);
        var sms = await WaitForNotificationAsync(org.User, n => n.GetString("subject") == $"New comment on {subject}" && n.GetString("status") == "sent");
        Assert.Equal("sms", sms.GetString("channel"));
        Assert.Single(await NotificationsAsync(org.User), n => n.GetString("subject") == $"New comment on {subject}");
        var text = Assert.Single(await fixture.Twilio.MessagesAsync(), m => m.To == phone);
        Assert.Contains("On my way", text.Body, StringComparison.Ordinal);

        await fixture.Twilio.FailNextAsync(1, 400, 21211, "The 'To' number is not a valid phone number.");
        var refused = await (await org.Admin.Client.PostJsonAsync("/api/v1/notifications/send", new { UserId = org.User.UserId, Channel = "sms", Subject = "Code", Body = "1234" }))
            .ReadJsonAsync(HttpStatusCode.Accepted);
        var failed = await WaitForNotificationAsync(org.User, n => n.GetString("id") == refused.GetString("id") && n.GetString("status") != "queued");
        Assert.Equal("failed", failed.GetString("status"));
        Assert.Contains("21211", failed.GetString("error"), StringComparison.Ordinal);
        Assert.Equal(1, failed.GetProperty("attempts").GetInt32());
        // One text went out; the refused one was tried once and never again.
        Assert.Single(await fixture.Twilio.MessagesAsync(), m => m.To == phone && m.Sid is not null);
    }

    [Fact]
    public async Task Reading_marks_one_or_all_and_nobody_reads_another_users_notifications()
    {
        var org = await fixture.CreateOrgAsync();
        var ids = new List<string>();
        for (var i = 0; i < 3; i++)
        {
            var sent = await (await org.Admin.Client.PostJsonAsync("/api/v1/notifications/send", new { UserId = org.User.UserId, Channel = "in_app", Subject = $"Note {i}", Body = "text" }))
                .ReadJsonAsync(HttpStatusCode.Accepted);
            Assert.Equal("sent", sent.GetString("status"));
            ids.Add(sent.GetString("id"));
        }

        var unread = await (await org.User.Client.GetAsync("/api/v1/notifications?unread=true&limit=2")).ReadJsonAsync();
        Assert.Equal([ids[2], ids[1]], unread.GetProperty("items").EnumerateArray().Select(n => n.GetString("id")).ToArray());
        var rest = await (await org.User.Client.GetAsync($"/api/v1/notifications?unread=true&limit=2&cursor={unread.GetString("next_cursor")}")).ReadJsonAsync();
        Assert.Equal([ids[0]], rest.GetProperty("items").EnumerateArray().Select(n => n.GetString("id")).ToArray());

        var read = await (await org.User.Client.PutAsync($"/api/v1/notifications/{ids[1]}/read", null)).ReadJsonAsync();
        Assert.NotEqual(JsonValueKind.Null, read.GetProperty("read_at").ValueKind);
        await (await org.OtherUser.Client.PutAsync($"/api/v1/notifications/{ids[0]}/read", null)).ReadErrorAsync(HttpStatusCode.NotFound);
        Assert.Equal(2, (await (await org.User.Client.GetAsync("/api/v1/notifications?unread=true")).ReadJsonAsync()).GetProperty("items").GetArrayLength());
        var marked = await (await org.User.Client.PostAsync("/api/v1/notifications/read-all", null)).ReadJsonAsync();
        Assert.Equal(2, marked.GetProperty("marked").GetInt32());
        Assert.Equal(0, (await (await org.User.Client.GetAsync("/api/v1/notifications?unread=true")).ReadJsonAsync()).GetProperty("items").GetArrayLength());
        Assert.Empty(await NotificationsAsync(org.OtherUser));
    }

    [Fact]
    public async Task Bad_notification_input_is_4xx_and_sends_nothing()
    {
        var org = await fixture.CreateOrgAsync();
        var other = await fixture.CreateOrgAsync();
        var bad = new[]
        {
            new { UserId = (string?)org.User.UserId, Channel = (string?)"pigeon", Subject = (string?)"s", Body = (string?)"b", Template = (string?)null },
            new { UserId = (string?)org.User.UserId, Channel = (string?)"in_app", Subject = (string?)null, Body = (string?)"b", Template = (string?)null },
            new { UserId = (string?)org.User.UserId, Channel = (string?)"in_app", Subject = (string?)"{{secret}}", Body = (string?)"b", Template = (string?)null },
            new { UserId = (string?)org.User.UserId, Channel = (string?)"in_app", Subject = (string?)null, Body = (string?)null, Template = (string?)"job.failed" },
            new { UserId = (string?)org.User.UserId, Channel = (string?)"in_app", Subject = (string?)null, Body = (string?)null, Template = (string?)"no.such" },
            new { UserId = (string?)null, Channel = (string?)"in_app", Subject = (string?)"s", Body = (string?)"b", Template = (string?)null },
            new { UserId = (string?)"a\u0001b", Channel = (string?)"in_app", Subject = (string?)"s", Body = (string?)"b", Template = (string?)null },
        };
        foreach (var body in bad)
        {
            await (await org.Admin.Client.PostJsonAsync("/api/v1/notifications/send", body)).ReadErrorAsync(HttpStatusCode.BadRequest);
        }

        await (await org.Admin.Client.SendRawAsync(HttpMethod.Post, "/api/v1/notifications/send", "{\"user_id\": 5}")).ReadErrorAsync(HttpStatusCode.BadRequest);
        await (await org.Admin.Client.SendRawAsync(HttpMethod.Post, "/api/v1/notifications/send",
            $"{{\"user_id\": \"{org.User.UserId}\", \"channel\": \"in_app\", \"subject\": \"s\", \"body\": \"b\", \"data\": [1]}}")).ReadErrorAsync(HttpStatusCode.BadRequest);
        await (await org.Admin.Client.SendRawAsync(HttpMethod.Post, "/api/v1/notifications/send",
            $"{{\"user_id\": \"{org.User.UserId}\", \"channel\": \"in_app\", \"subject\": \"{{{{a}}}}\", \"body\": \"b\", \"data\": {{\"a\": \"1\", \"a\": \"2\"}}}}"))
            .ReadErrorAsync(HttpStatusCode.BadRequest);
        // Security emails come only from the platform, never from an admin's send.
        await (await org.Admin.Client.PostJsonAsync("/api/v1/notifications/send", new
        {
            UserId = org.User.UserId,
            Channel = "email",
            Template = "password.reset",
            Data = new { ResetUrl = "https://evil.example/", Token = "t", ExpiresAt = "soon" },
        })).ReadErrorAsync(HttpStatusCode.BadRequest);
        await (await org.Admin.Client.PostJsonAsync("/api/v1/notifications/send", new { UserId = other.User.UserId, Channel = "in_app", Subject = "s", Body = "b" }))
            .ReadErrorAsync(HttpStatusCode.NotFound);
        await (await org.Admin.Client.PostJsonAsync("/api/v1/notifications/send", new { UserId = "nobody", Channel = "in_app", Subject = "s", Body = "b" }))
            .ReadErrorAsync(HttpStatusCode.NotFound);
        await (await org.User.Client.PostJsonAsync("/api/v1/notifications/send", new { UserId = org.OtherUser.UserId, Channel = "in_app", Subject = "s", Body = "b" }))
            .ReadErrorAsync(HttpStatusCode.Forbidden);
        await (await org.User.Client.GetAsync("/api/v1/notifications?unread=maybe")).ReadErrorAsync(HttpStatusCode.BadRequest);
        await (await fixture.Client.GetAsync("/api/v1/notifications")).ReadErrorAsync(HttpStatusCode.Unauthorized);
        Assert.Empty(await NotificationsAsync(org.User));
        Assert.Empty(await NotificationsAsync(other.User));
    }

    [Fact]
    public async Task A_job_that_fails_for_good_notifies_its_creator()
    {
        var org = await fixture.CreateOrgAsync();
        var closed = FreePorts.Take(1)[0];
        var job = await (await org.Admin.Client.PostJsonAsync("/api/v1/jobs", new
        {
            Type = "webhook",
            Payload = new { Url = $"http://127.0.0.1:{closed}/hook", Body = new { } },
            MaxAttempts = 2,
        })).ReadJsonAsync(HttpStatusCode.Accepted);
        var failed = await WaitForNotificationAsync(org.Admin, n => n.GetString("category") == "jobs" && n.GetString("channel") == "in_app");
        Assert.Contains(job.GetString("id"), failed.GetString("body"), StringComparison.Ordinal);
        Assert.Contains("2 attempts", failed.GetString("body"), StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_key_whose_credits_fall_under_ten_percent_notifies_the_org_admins_once()
    {
        var org = await fixture.CreateOrgAsync();
        var created = await (await org.Admin.Client.PostJsonAsync("/api/v1/keys", new { Name = "metered", Credits = new { Remaining = 20 } }))
            .ReadJsonAsync(HttpStatusCode.Created);
        var key = created.GetString("key");
        for (var i = 0; i < 18; i++)
        {
            Assert.Equal("VALID", (await (await fixture.Client.PostJsonAsync("/api/v1/keys/validate", new { Key = key })).ReadJsonAsync()).GetString("code"));
        }

        // At exactly 10 % nothing is said, also after a flush tick (1 s) had the chance.
        var tick = DateTimeOffset.UtcNow + TimeSpan.FromSeconds(1.5);
        await Wait.ForAsync(() => DateTimeOffset.UtcNow >= tick, "a flush tick to pass");
        Assert.DoesNotContain(await NotificationsAsync(org.Admin), n => n.GetString("category") == "api_keys");
        Assert.Equal("VALID", (await (await fixture.Client.PostJsonAsync("/api/v1/keys/validate", new { Key = key })).ReadJsonAsync()).GetString("code"));
        var low = await WaitForNotificationAsync(org.Admin, n => n.GetString("category") == "api_keys" && n.GetString("channel") == "in_app");
        Assert.Contains("1 of 20", low.GetString("body"), StringComparison.Ordinal);
        Assert.DoesNotContain(await NotificationsAsync(org.Agent), n => n.GetString("category") == "api_keys");

        Assert.Equal("VALID", (await (await fixture.Client.PostJsonAsync("/api/v1/keys/validate", new { Key = key })).ReadJsonAsync()).GetString("code"));
        using (var usage = await org.Admin.Client.GetAsync($"/api/v1/keys/{created.GetString("id")}"))
        {
            Assert.Equal(0, (await usage.ReadJsonAsync()).GetProperty("credits").GetProperty("remaining").GetInt64());
        }

        // Two more flush ticks (1 s each) pass with the balance still low: still one notice.
        var window = DateTimeOffset.UtcNow + TimeSpan.FromSeconds(2.5);
        await Wait.ForAsync(() => DateTimeOffset.UtcNow >= window, "two flush ticks to pass");
        Assert.Single(await NotificationsAsync(org.Admin), n => n.GetString("category") == "api_keys" && n.GetString("channel") == "in_app");
    }

    [Fact]
    public async Task A_missed_SLA_notifies_the_assignee()
    {
        var org = await fixture.CreateOrgAsync();
        var target = new { FirstResponseSeconds = 1, ResolutionSeconds = 60 };
        await (await org.Admin.Client.PutJsonAsync("/api/v1/tickets/sla-policy", new { Low = target, Normal = target, High = target, Urgent = target })).ReadJsonAsync();
        var subject = $"Slow {Guid.NewGuid():N}";
        var id = (await (await org.User.Client.PostJsonAsync("/api/v1/tickets", new { Subject = subject, Description = "x" })).ReadJsonAsync(HttpStatusCode.Created)).GetString("id");
        await (await org.Admin.Client.PutJsonAsync($"/api/v1/tickets/{id}", new { AssigneeId = org.Agent.UserId })).ReadJsonAsync();
        var breach = await WaitForNotificationAsync(org.Agent, n => n.GetString("subject") == $"SLA missed: {subject}" && n.GetString("channel") == "in_app");
        Assert.Contains("first response", breach.GetString("body"), StringComparison.Ordinal);
    }

    private static async Task<IReadOnlyList<JsonElement>> NotificationsAsync(TestSession session) =>
        (await (await session.Client.GetAsync("/api/v1/notifications?limit=200")).ReadJsonAsync()).GetProperty("items").EnumerateArray().ToList();

    private static async Task<JsonElement> WaitForNotificationAsync(TestSession session, Func<JsonElement, bool> condition)
    {
        JsonElement found = default;
        await Wait.ForAsync(
            async () =>
            {
                var match = (await NotificationsAsync(session)).Where(condition).ToList();
                found = match.FirstOrDefault();
                return match.Count > 0;
            },
            "the notification",
            _settle);
        return found;
    }
}
