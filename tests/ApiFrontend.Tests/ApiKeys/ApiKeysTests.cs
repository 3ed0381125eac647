using System.Net;
using System.Text.Json;
using VetrAI.ApiFrontend.Tests.Infrastructure;

namespace VetrAI.ApiFrontend.Tests.ApiKeys;

/// <summary>The API-key endpoints over real HTTP against the real front end, its in-process silo and PostgreSQL.</summary>
public sealed class ApiKeysTests(ApiKeysFixture fixture) : IClassFixture<ApiKeysFixture>
{
    private static readonly string[] CreatedShape = ["created_at", "credits", "expires_at", "id", "key", "name", "prefix", "rate_limit", "scopes"];
    private static readonly string[] VerdictShape =
        ["code", "credits_remaining", "expires_at", "key_id", "organization_id", "ratelimit", "scopes", "valid"];

    private async Task<JsonElement> CreateKeyAsync(TestSession admin, object body)
        => await (await admin.Client.PostJsonAsync("/api/v1/keys", body)).ReadJsonAsync(HttpStatusCode.Created);

    private async Task<JsonElement> ValidateAsync(string key, string? scope = null, int? cost = null)
        => await (await fixture.Client.PostJsonAsync("/api/v1/keys/validate", new { Key = key, Scope = scope, Cost = cost })).ReadJsonAsync();

    private static string Code(JsonElement verdict) => verdict.GetString("code");

    [Fact]
    public async Task A_created_key_is_shown_once_and_validates_by_body_or_header()
    {
        var admin = await fixture.RegisterOrgAdminAsync();
        var created = await CreateKeyAsync(admin, new { Name = "ci", Scopes = new[] { "tickets:read" }, Metadata = new { Team = "core" } });

        Assert.Equal(CreatedShape, created.EnumerateObject().Select(p => p.Name).Order().ToArray());
        var key = created.GetString("key");
        Assert.StartsWith("vetrai_", key, StringComparison.Ordinal);
        Assert.Equal(key[..13], created.GetString("prefix"));
        Assert.EndsWith("Z", created.GetString("created_at"), StringComparison.Ordinal);

        var verdict = await ValidateAsync(key, "tickets:read");
        Assert.Equal(VerdictShape, verdict.EnumerateObject().Select(p => p.Name).Order().ToArray());
        Assert.True(verdict.GetProperty("valid").GetBoolean());
        Assert.Equal("VALID", Code(verdict));
        Assert.Equal(created.GetString("id"), verdict.GetString("key_id"));
        Assert.Equal(admin.OrganizationId, verdict.GetString("organization_id"));
        Assert.Equal(["tickets:read"], verdict.GetStrings("scopes"));
        Assert.Equal(["limit", "remaining", "reset_at"], verdict.GetProperty("ratelimit").EnumerateObject().Select(p => p.Name).ToArray());

        using var request = new HttpRequestMessage(HttpMethod.Post, "/api/v1/keys/validate");
        request.Headers.Add("X-API-Key", key);
        var byHeader = await (await fixture.Client.SendAsync(request)).ReadJsonAsync();
        Assert.Equal("VALID", Code(byHeader));

        Assert.Equal("INSUFFICIENT_SCOPE", Code(await ValidateAsync(key, "tickets:write")));

        var listed = await (await admin.Client.GetAsync("/api/v1/keys")).ReadJsonAsync();
        var item = Assert.Single(listed.GetProperty("items").EnumerateArray());
        Assert.False(item.TryGetProperty("key", out _));
        Assert.Equal("core", item.GetProperty("metadata").GetString("team"));
    }

    [Fact]
    public async Task Unknown_and_malformed_keys_are_not_found_but_malformed_requests_are_400()
    {
        Assert.Equal("NOT_FOUND", Code(await ValidateAsync("vetrai_" + new string('A', 43))));
        var notFound = await ValidateAsync("not-a-key");
        Assert.False(notFound.GetProperty("valid").GetBoolean());
        Assert.Equal(JsonValueKind.Null, notFound.GetProperty("key_id").ValueKind);

        await (await fixture.Client.SendRawAsync(HttpMethod.Post, "/api/v1/keys/validate", "{\"key\": ")).ReadErrorAsync(HttpStatusCode.BadRequest);
        await (await fixture.Client.PostJsonAsync("/api/v1/keys/validate", new { Scope = "x" })).ReadErrorAsync(HttpStatusCode.BadRequest);
        await (await fixture.Client.PostJsonAsync("/api/v1/keys/validate", new { Key = "vetrai_x", Cost = -1 })).ReadErrorAsync(HttpStatusCode.BadRequest);
    }

    [Fact]
    public async Task The_sixth_validation_at_five_per_minute_is_rate_limited_with_remaining_zero_and_a_reset_time()
    {
        var admin = await fixture.RegisterOrgAdminAsync();
        var key = (await CreateKeyAsync(admin, new { Name = "five", RateLimit = new { Limit = 5, WindowSeconds = 60 } })).GetString("key");
        for (var i = 0; i < 5; i++)
        {
            Assert.Equal("VALID", Code(await ValidateAsync(key)));
        }

        var limited = await ValidateAsync(key);
        Assert.Equal("RATE_LIMITED", Code(limited));
        var ratelimit = limited.GetProperty("ratelimit");
        Assert.Equal(5, ratelimit.GetProperty("limit").GetInt32());
        Assert.Equal(0, ratelimit.GetProperty("remaining").GetInt32());
        Assert.True(DateTimeOffset.Parse(ratelimit.GetString("reset_at"), System.Globalization.CultureInfo.InvariantCulture) > fixture.Clock.GetUtcNow());
    }

    [Fact]
    public async Task Sixty_four_parallel_validations_with_limit_fifty_let_exactly_fifty_through()
    {
        var admin = await fixture.RegisterOrgAdminAsync();
        var key = (await CreateKeyAsync(admin, new { Name = "fifty", RateLimit = new { Limit = 50, WindowSeconds = 3600 } })).GetString("key");
        using var client = fixture.CreateClient();
        var verdicts = await Task.WhenAll(Enumerable.Range(0, 64).Select(async _ =>
            await (await client.PostJsonAsync("/api/v1/keys/validate", new { Key = key })).ReadJsonAsync()));
        Assert.Equal(50, verdicts.Count(v => Code(v) == "VALID"));
        Assert.Equal(14, verdicts.Count(v => Code(v) == "RATE_LIMITED"));
    }

    [Fact]
    public async Task An_expired_key_answers_expired()
    {
        var admin = await fixture.RegisterOrgAdminAsync();
        var expiresAt = fixture.Clock.GetUtcNow().AddMinutes(1);
        var key = (await CreateKeyAsync(admin, new { Name = "short", ExpiresAt = expiresAt })).GetString("key");
        Assert.Equal("VALID", Code(await ValidateAsync(key)));
        fixture.Clock.Advance(TimeSpan.FromMinutes(2));
        Assert.Equal("EXPIRED", Code(await ValidateAsync(key)));
    }

    [Fact]
    public async Task A_revoked_key_answers_revoked_on_the_next_call()
    {
        var admin = await fixture.RegisterOrgAdminAsync();
        var created = await CreateKeyAsync(admin, new { Name = "doomed" });
        Assert.Equal("VALID", Code(await ValidateAsync(created.GetString("key"))));

        var deleted = await admin.Client.DeleteAsync($"/api/v1/keys/{created.GetString("id")}");
        Assert.Equal(HttpStatusCode.NoContent, deleted.StatusCode);

        Assert.Equal("REVOKED", Code(await ValidateAsync(created.GetString("key"))));
        var read = await (await admin.Client.GetAsync($"/api/v1/keys/{created.GetString("id")}")).ReadJsonAsync();
        Assert.NotEqual(JsonValueKind.Null, read.GetProperty("revoked_at").ValueKind);
    }

    [Fact]
    public async Task A_disabled_key_answers_disabled_until_enabled_again()
    {
        var admin = await fixture.RegisterOrgAdminAsync();
        var created = await CreateKeyAsync(admin, new { Name = "paused" });
        var url = $"/api/v1/keys/{created.GetString("id")}";
        await (await admin.Client.PutJsonAsync(url, new { Enabled = false })).ReadJsonAsync();
        Assert.Equal("DISABLED", Code(await ValidateAsync(created.GetString("key"))));
        await (await admin.Client.PutJsonAsync(url, new { Enabled = true })).ReadJsonAsync();
        Assert.Equal("VALID", Code(await ValidateAsync(created.GetString("key"))));
    }

    [Fact]
    public async Task Credits_run_out_into_usage_exceeded()
    {
        var admin = await fixture.RegisterOrgAdminAsync();
        var key = (await CreateKeyAsync(admin, new { Name = "metered", Credits = new { Remaining = 3 } })).GetString("key");
        Assert.Equal(1, (await ValidateAsync(key, cost: 2)).GetProperty("credits_remaining").GetInt64());
        Assert.Equal(0, (await ValidateAsync(key)).GetProperty("credits_remaining").GetInt64());
        var exceeded = await ValidateAsync(key);
        Assert.Equal("USAGE_EXCEEDED", Code(exceeded));
        Assert.False(exceeded.GetProperty("valid").GetBoolean());
    }

    [Fact]
    public async Task Bad_settings_are_400_and_create_nothing()
    {
        var admin = await fixture.RegisterOrgAdminAsync();
        await (await admin.Client.PostJsonAsync("/api/v1/keys", new { Scopes = new[] { "a" } })).ReadErrorAsync(HttpStatusCode.BadRequest);
        await (await admin.Client.PostJsonAsync("/api/v1/keys", new { Name = "x", RateLimit = new { Limit = 0, WindowSeconds = 60 } }))
            .ReadErrorAsync(HttpStatusCode.BadRequest);
        await (await admin.Client.PostJsonAsync("/api/v1/keys", new { Name = "x", Credits = new { Remaining = 1, Refill = new { Interval = "weekly", Amount = 1 } } }))
            .ReadErrorAsync(HttpStatusCode.BadRequest);
        await (await admin.Client.SendRawAsync(HttpMethod.Post, "/api/v1/keys", "{\"name\": 5")).ReadErrorAsync(HttpStatusCode.BadRequest);
        var listed = await (await admin.Client.GetAsync("/api/v1/keys")).ReadJsonAsync();
        Assert.Empty(listed.GetProperty("items").EnumerateArray());
    }

    [Fact]
    public async Task A_caller_of_another_organization_gets_404_for_its_keys()
    {
        var adminA = await fixture.RegisterOrgAdminAsync();
        var adminB = await fixture.RegisterOrgAdminAsync();
        var id = (await CreateKeyAsync(adminA, new { Name = "a's" })).GetString("id");

        await (await adminB.Client.GetAsync($"/api/v1/keys/{id}")).ReadErrorAsync(HttpStatusCode.NotFound);
        await (await adminB.Client.GetAsync($"/api/v1/keys/{id}/usage")).ReadErrorAsync(HttpStatusCode.NotFound);
        await (await adminB.Client.DeleteAsync($"/api/v1/keys/{id}")).ReadErrorAsync(HttpStatusCode.NotFound);
        await (await adminB.Client.PostJsonAsync($"/api/v1/keys/{id}/roll", new { })).ReadErrorAsync(HttpStatusCode.NotFound);
        await (await adminB.Client.PutJsonAsync($"/api/v1/keys/{id}", new { Enabled = false })).ReadErrorAsync(HttpStatusCode.NotFound);
        await (await adminB.Client.GetAsync($"/api/v1/keys?organization_id={adminA.OrganizationId}")).ReadErrorAsync(HttpStatusCode.NotFound);
        Assert.Empty((await (await adminB.Client.GetAsync("/api/v1/keys")).ReadJsonAsync()).GetProperty("items").EnumerateArray());
        await (await adminA.Client.GetAsync($"/api/v1/keys/{id}")).ReadJsonAsync();
    }

    [Fact]
    public async Task Only_org_admins_change_keys_but_members_may_read_them()
    {
        var admin = await fixture.RegisterOrgAdminAsync();
        var id = (await CreateKeyAsync(admin, new { Name = "shared" })).GetString("id");
        var member = await fixture.AddMemberAsync(admin);

        await (await member.Client.PostJsonAsync("/api/v1/keys", new { Name = "mine" })).ReadErrorAsync(HttpStatusCode.Forbidden);
        await (await member.Client.DeleteAsync($"/api/v1/keys/{id}")).ReadErrorAsync(HttpStatusCode.Forbidden);
        await (await member.Client.GetAsync($"/api/v1/keys/{id}")).ReadJsonAsync();
        Assert.Single((await (await member.Client.GetAsync("/api/v1/keys")).ReadJsonAsync()).GetProperty("items").EnumerateArray());
        await (await fixture.Client.GetAsync("/api/v1/keys")).ReadErrorAsync(HttpStatusCode.Unauthorized);
    }

    [Fact]
    public async Task Max_keys_of_the_plan_is_enforced_with_403()
    {
        var admin = await fixture.RegisterOrgAdminAsync();
        var organization = await (await admin.Client.GetAsync($"/api/v1/organizations/{admin.OrganizationId}")).ReadJsonAsync();
        var maxKeys = organization.GetProperty("limits").GetProperty("max_keys").GetInt32();
        for (var i = 0; i < maxKeys; i++)
        {
            await CreateKeyAsync(admin, new { Name = $"k{i}" });
        }

        var detail = await (await admin.Client.PostJsonAsync("/api/v1/keys", new { Name = "one too many" })).ReadErrorAsync(HttpStatusCode.Forbidden);
        Assert.Contains(maxKeys.ToString(System.Globalization.CultureInfo.InvariantCulture), detail, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Roll_keeps_the_settings_and_the_old_key_works_during_the_grace_period_then_expires()
    {
        var admin = await fixture.RegisterOrgAdminAsync();
        var old = await CreateKeyAsync(admin, new
        {
            Name = "rolling",
            Scopes = new[] { "jobs:write" },
            RateLimit = new { Limit = 9, WindowSeconds = 60 },
            Credits = new { Remaining = 100, Refill = new { Interval = "monthly", Amount = 100 } },
        });

        var rolled = await (await admin.Client.PostJsonAsync($"/api/v1/keys/{old.GetString("id")}/roll", new { GraceSeconds = 300 }))
            .ReadJsonAsync(HttpStatusCode.Created);

        Assert.Equal(CreatedShape, rolled.EnumerateObject().Select(p => p.Name).Order().ToArray());
        Assert.NotEqual(old.GetString("key"), rolled.GetString("key"));
        Assert.Equal(old.GetStrings("scopes"), rolled.GetStrings("scopes"));
        Assert.Equal(old.GetProperty("rate_limit").GetRawText(), rolled.GetProperty("rate_limit").GetRawText());
        Assert.Equal(old.GetProperty("credits").GetRawText(), rolled.GetProperty("credits").GetRawText());
        Assert.Equal("VALID", Code(await ValidateAsync(rolled.GetString("key"), "jobs:write")));
        Assert.Equal("VALID", Code(await ValidateAsync(old.GetString("key"), "jobs:write")));

        fixture.Clock.Advance(TimeSpan.FromSeconds(301));
        Assert.Equal("EXPIRED", Code(await ValidateAsync(old.GetString("key"), "jobs:write")));
        Assert.Equal("VALID", Code(await ValidateAsync(rolled.GetString("key"), "jobs:write")));
    }

    [Fact]
    public async Task The_organizations_monthly_quota_is_enforced()
    {
        var admin = await fixture.RegisterOrgAdminAsync();
        var superAdmin = await fixture.LoginAsAdminAsync();
        await (await superAdmin.Client.PutJsonAsync($"/api/v1/organizations/{admin.OrganizationId}", new { Limits = new { MonthlyRequests = 4 } }))
            .ReadJsonAsync();
        var key = (await CreateKeyAsync(admin, new { Name = "quota" })).GetString("key");

        for (var i = 0; i < 4; i++)
        {
            Assert.Equal("VALID", Code(await ValidateAsync(key)));
        }

        Assert.Equal("USAGE_EXCEEDED", Code(await ValidateAsync(key)));
    }

    [Fact]
    public async Task Usage_buckets_match_what_was_validated_and_creation_is_audited()
    {
        var admin = await fixture.RegisterOrgAdminAsync();
        var created = await CreateKeyAsync(admin, new { Name = "counted", Scopes = new[] { "a" }, RateLimit = new { Limit = 3, WindowSeconds = 3600 } });
        var key = created.GetString("key");
        await ValidateAsync(key, "a");
        await ValidateAsync(key, "b");
        for (var i = 0; i < 4; i++)
        {
            await ValidateAsync(key, "a");
        }

        var usage = await (await admin.Client.GetAsync($"/api/v1/keys/{created.GetString("id")}/usage?granularity=minute")).ReadJsonAsync();
        Assert.Equal("minute", usage.GetString("granularity"));
        var buckets = usage.GetProperty("buckets").EnumerateArray().ToArray();
        Assert.Equal(3, buckets.Sum(b => b.GetProperty("valid").GetInt64()));
        Assert.Equal(3, buckets.Sum(b => b.GetProperty("rejected").GetInt64()));
        Assert.Equal(1, buckets.Sum(b => b.GetProperty("rejected_by_code").TryGetProperty("INSUFFICIENT_SCOPE", out var n) ? n.GetInt64() : 0));
        Assert.Equal(2, buckets.Sum(b => b.GetProperty("rejected_by_code").TryGetProperty("RATE_LIMITED", out var n) ? n.GetInt64() : 0));

        var read = await (await admin.Client.GetAsync($"/api/v1/keys/{created.GetString("id")}")).ReadJsonAsync();
        Assert.Equal(3, read.GetProperty("usage").GetProperty("valid").GetInt64());
        Assert.Equal(3, read.GetProperty("usage").GetProperty("rejected").GetInt64());

        await (await admin.Client.GetAsync($"/api/v1/keys/{created.GetString("id")}/usage?granularity=week")).ReadErrorAsync(HttpStatusCode.BadRequest);
        await (await admin.Client.GetAsync($"/api/v1/keys/{created.GetString("id")}/usage?from=yesterday")).ReadErrorAsync(HttpStatusCode.BadRequest);

        var audit = await (await admin.Client.GetAsync("/api/v1/audit-logs")).ReadJsonAsync();
        Assert.Contains(audit.GetProperty("items").EnumerateArray(), e => e.GetString("action") == "api_key.created");
    }

    [Fact]
    public async Task Programs_authenticate_other_endpoints_with_x_api_key()
    {
        var admin = await fixture.RegisterOrgAdminAsync();
        var created = await CreateKeyAsync(admin, new { Name = "program", Scopes = new[] { "echo:read" }, RateLimit = new { Limit = 2, WindowSeconds = 60 } });
        var other = await CreateKeyAsync(admin, new { Name = "other", Scopes = new[] { "echo:write" } });

        async Task<HttpResponseMessage> EchoAsync(string? key)
        {
            using var request = new HttpRequestMessage(HttpMethod.Get, "/test/api-key-echo");
            if (key is not null)
            {
                request.Headers.Add("X-API-Key", key);
            }

            return await fixture.Client.SendAsync(request);
        }

        var principal = await (await EchoAsync(created.GetString("key"))).ReadJsonAsync();
        Assert.Equal(admin.OrganizationId, principal.GetString("organization_id"));
        Assert.Equal(created.GetString("id"), principal.GetString("key_id"));

        await (await EchoAsync(null)).ReadErrorAsync(HttpStatusCode.Unauthorized);
        await (await EchoAsync("vetrai_nope")).ReadErrorAsync(HttpStatusCode.Unauthorized);
        await (await EchoAsync(other.GetString("key"))).ReadErrorAsync(HttpStatusCode.Forbidden);
        await (await EchoAsync(created.GetString("key"))).ReadJsonAsync();
        var limited = await EchoAsync(created.GetString("key"));
        await limited.ReadErrorAsync(HttpStatusCode.TooManyRequests);
        Assert.True(limited.Headers.RetryAfter?.Delta >= TimeSpan.FromSeconds(1));
    }

    [Fact]
    public async Task Deleting_the_organization_revokes_its_keys()
    {
        var admin = await fixture.RegisterOrgAdminAsync();
        var key = (await CreateKeyAsync(admin, new { Name = "orphan" })).GetString("key");
        Assert.Equal("VALID", Code(await ValidateAsync(key)));

        var deleted = await admin.Client.DeleteAsync($"/api/v1/organizations/{admin.OrganizationId}");
        Assert.Equal(HttpStatusCode.NoContent, deleted.StatusCode);

        Assert.Equal("REVOKED", Code(await ValidateAsync(key)));
    }
}
