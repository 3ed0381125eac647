using System.Net;
using System.Text.Json;
using Microsoft.Extensions.DependencyInjection;
using Npgsql;
using VetrAI.ApiFrontend.Tests.Infrastructure;
using VetrAI.ApiFrontend.Tests.Tickets;
using VetrAI.Grains.ObjectStorage;
using VetrAI.TestSupport;

namespace VetrAI.ApiFrontend.Tests.Jobs;

public sealed class JobsApiTests(SupportFixture fixture) : IClassFixture<SupportFixture>
{
    private static async Task<JsonElement> CreateJobAsync(TestSession session, object body) =>
        await (await session.Client.PostJsonAsync("/api/v1/jobs", body)).ReadJsonAsync(HttpStatusCode.Accepted);

    private static async Task<JsonElement> FinishedAsync(TestSession session, string id)
    {
        var deadline = DateTimeOffset.UtcNow.AddSeconds(30);
        while (true)
        {
            var job = await (await session.Client.GetAsync($"/api/v1/jobs/{id}")).ReadJsonAsync();
            if (job.GetString("status") is "succeeded" or "failed" or "cancelled")
            {
                return job;
            }

            if (DateTimeOffset.UtcNow > deadline)
            {
                throw new TimeoutException($"Timed out waiting for job {id} to finish; it is {job.GetString("status")}.");
            }

            await Task.Delay(100);
        }
    }

    private static DateTimeOffset Time(JsonElement element, string property) => element.GetProperty(property).GetDateTimeOffset();

    [Fact]
    public async Task A_webhook_failing_twice_then_succeeding_ends_succeeded_with_three_attempts_and_backoff()
    {
        var admin = await fixture.RegisterOrgAdminAsync();
        await using var receiver = await TestHttpServer.StartAsync((_, count) => Task.FromResult(count <= 2 ? 500 : 200));

        var created = await CreateJobAsync(admin, new { Type = "webhook", Payload = new { Url = receiver.Url, Body = new { Event = "ping" } }, MaxAttempts = 5 });
        Assert.Equal(("queued", "webhook"), (created.GetString("status"), created.GetString("type")));
        var job = await FinishedAsync(admin, created.GetString("id"));

        Assert.Equal(("succeeded", 3), (job.GetString("status"), job.GetProperty("attempts").GetInt32()));
        Assert.Equal(100, job.GetProperty("progress").GetInt32());
        Assert.Equal(200, job.GetProperty("result").GetProperty("status_code").GetInt32());
        var attempts = job.GetProperty("attempt_history").EnumerateArray().ToArray();
        Assert.Equal(["failed", "failed", "succeeded"], attempts.Select(a => a.GetString("outcome")));
        Assert.True(Time(attempts[1], "started_at") - Time(attempts[0], "finished_at") >= TimeSpan.FromMilliseconds(150), "backoff before attempt 2");
        Assert.True(Time(attempts[2], "started_at") - Time(attempts[1], "finished_at") >= TimeSpan.FromMilliseconds(300), "backoff before attempt 3");
        var requests = receiver.Requests.ToArray();
        Assert.Equal(3, requests.Length);
        Assert.All(requests, r => Assert.Equal(created.GetString("id"), r.Headers["X-VetrAI-Job-Id"]));
        Assert.Equal("""{"event":"ping"}""", requests[2].Body);
        Assert.True(requests[2].At - requests[1].At >= TimeSpan.FromMilliseconds(300), "the receiver saw the longer second backoff too");
    }

    [Fact]
    public async Task A_webhook_that_always_fails_ends_failed_after_max_attempts()
    {
        var admin = await fixture.RegisterOrgAdminAsync();
        await using var receiver = await TestHttpServer.StartAsync((_, _) => Task.FromResult(500));

        var created = await CreateJobAsync(admin, new { Type = "webhook", Payload = new { Url = receiver.Url }, MaxAttempts = 2 });
        var job = await FinishedAsync(admin, created.GetString("id"));

        Assert.Equal(("failed", 2, 2), (job.GetString("status"), job.GetProperty("attempts").GetInt32(), receiver.Requests.Count));
        Assert.Contains("HTTP 500", job.GetString("error"), StringComparison.Ordinal);
        var failed = await (await admin.Client.GetAsync("/api/v1/jobs?status=failed")).ReadJsonAsync();
        Assert.Equal([created.GetString("id")], failed.GetProperty("items").EnumerateArray().Select(j => j.GetString("id")));
        await (await admin.Client.DeleteAsync($"/api/v1/jobs/{created.GetString("id")}")).ReadErrorAsync(HttpStatusCode.Conflict);
    }

    [Fact]
    public async Task A_cancelled_long_job_ends_cancelled()
    {
        var admin = await fixture.RegisterOrgAdminAsync();
        var called = new TaskCompletionSource();
        var release = new TaskCompletionSource();
        await using var receiver = await TestHttpServer.StartAsync(async (_, _) =>
        {
            called.TrySetResult();
            await release.Task;
            return 200;
        });

        var id = (await CreateJobAsync(admin, new { Type = "webhook", Payload = new { Url = receiver.Url }, TimeoutSeconds = 600 })).GetString("id");
        await called.Task.WaitAsync(TimeSpan.FromSeconds(20));
        var cancelling = await (await admin.Client.DeleteAsync($"/api/v1/jobs/{id}")).ReadJsonAsync(HttpStatusCode.Accepted);
        var job = await FinishedAsync(admin, id);
        release.SetResult();

        Assert.True(cancelling.GetProperty("cancel_requested").GetBoolean());
        Assert.Equal(("cancelled", 1), (job.GetString("status"), job.GetProperty("attempts").GetInt32()));
    }

    [Fact]
    public async Task A_usage_report_writes_a_csv_whose_rows_match_the_usage()
    {
        var admin = await fixture.RegisterOrgAdminAsync();
        var other = await fixture.RegisterOrgAdminAsync();
        var org = admin.OrganizationId!;
        await using (var data = NpgsqlDataSource.Create(fixture.Database.ConnectionString))
        {
            // The API-key feature's migration creates this table; the test only needs its shape.
            await using (var create = data.CreateCommand(
                """
                CREATE TABLE IF NOT EXISTS api_key_usage (
                    key_id text NOT NULL, org_id text NOT NULL, minute timestamptz NOT NULL,
                    valid bigint NOT NULL DEFAULT 0, rejected bigint NOT NULL DEFAULT 0, PRIMARY KEY (key_id, minute))
                """))
            {
                await create.ExecuteNonQueryAsync();
            }

            await using var command = data.CreateCommand(
                """
                INSERT INTO api_key_usage (key_id, org_id, minute, valid, rejected) VALUES
                    ('k1', $1, '2026-05-01T08:00:00Z', 10, 1), ('k1', $1, '2026-05-01T20:00:00Z', 5, 0),
                    ('k2', $1, '2026-05-02T09:30:00Z', 7, 3), ('k1', $1, '2026-05-09T00:00:00Z', 99, 99),
                    ('k9', $2, '2026-05-01T08:00:00Z', 50, 50);
                """);
            command.Parameters.Add(new NpgsqlParameter<string> { TypedValue = org });
            command.Parameters.Add(new NpgsqlParameter<string> { TypedValue = other.OrganizationId! });
            await command.ExecuteNonQueryAsync();
        }

        var created = await CreateJobAsync(admin, new { Type = "usage_report", Payload = new { From = "2026-05-01T00:00:00Z", To = "2026-05-08T00:00:00Z" } });
        var job = await FinishedAsync(admin, created.GetString("id"));

        Assert.Equal("succeeded", job.GetString("status"));
        var result = job.GetProperty("result");
        Assert.Equal(2, result.GetProperty("rows").GetInt32());
        var key = result.GetString("key");
        Assert.StartsWith($"orgs/{org}/reports/usage/", key, StringComparison.Ordinal);
        var storage = fixture.Frontend.Services.GetRequiredService<IObjectStorage>();
        await using var content = await storage.OpenReadAsync(ObjectKey.Create(org, key[$"orgs/{org}/".Length..].Split('/')), CancellationToken.None);
        using var reader = new StreamReader(content!.Content);
        Assert.Equal(
            ["period_start,key_id,valid,rejected", "2026-05-01T00:00:00Z,k1,15,1", "2026-05-02T00:00:00Z,k2,7,3"],
            (await reader.ReadToEndAsync()).TrimEnd('\n').Split('\n'));
    }

    [Fact]
    public async Task Bad_jobs_are_400_other_roles_403_and_other_organizations_404()
    {
        var org = await fixture.CreateOrgAsync();
        var orgB = await fixture.RegisterOrgAdminAsync();

        Assert.Contains("Unknown job type 'mine_bitcoin'",
            await (await org.Admin.Client.PostJsonAsync("/api/v1/jobs", new { Type = "mine_bitcoin", Payload = new { } })).ReadErrorAsync(HttpStatusCode.BadRequest), StringComparison.Ordinal);
        Assert.Contains("url must be an absolute http or https URL",
            await (await org.Admin.Client.PostJsonAsync("/api/v1/jobs", new { Type = "webhook", Payload = new { Url = "file:///etc/passwd" } })).ReadErrorAsync(HttpStatusCode.BadRequest), StringComparison.Ordinal);
        Assert.Contains("payload must be a JSON object",
            await (await org.Admin.Client.PostJsonAsync("/api/v1/jobs", new { Type = "webhook" })).ReadErrorAsync(HttpStatusCode.BadRequest), StringComparison.Ordinal);
        Assert.Contains("max_attempts",
            await (await org.Admin.Client.PostJsonAsync("/api/v1/jobs", new { Type = "webhook", Payload = new { Url = "http://127.0.0.1:1/" }, MaxAttempts = 0 })).ReadErrorAsync(HttpStatusCode.BadRequest), StringComparison.Ordinal);
        Assert.Empty((await (await org.Admin.Client.GetAsync("/api/v1/jobs")).ReadJsonAsync()).GetProperty("items").EnumerateArray());
        await (await org.User.Client.PostJsonAsync("/api/v1/jobs", new { Type = "webhook", Payload = new { Url = "http://127.0.0.1:1/" } })).ReadErrorAsync(HttpStatusCode.Forbidden);

        var id = (await CreateJobAsync(org.Admin, new { Type = "webhook", Payload = new { Url = "http://127.0.0.1:1/" }, MaxAttempts = 1, RunAt = DateTimeOffset.UtcNow.AddHours(1) })).GetString("id");
        await (await orgB.Client.GetAsync($"/api/v1/jobs/{id}")).ReadErrorAsync(HttpStatusCode.NotFound);
        await (await orgB.Client.DeleteAsync($"/api/v1/jobs/{id}")).ReadErrorAsync(HttpStatusCode.NotFound);
        Assert.Empty((await (await orgB.Client.GetAsync("/api/v1/jobs")).ReadJsonAsync()).GetProperty("items").EnumerateArray());
        var cancelled = await (await org.Admin.Client.DeleteAsync($"/api/v1/jobs/{id}")).ReadJsonAsync(HttpStatusCode.Accepted);
        Assert.Equal(("cancelled", 0), (cancelled.GetString("status"), cancelled.GetProperty("attempts").GetInt32()));
    }
}
