using System.Text.Json;
using VetrAI.Grains.Abstractions.Errors;
using VetrAI.Grains.Abstractions.Jobs;
using VetrAI.Grains.Jobs;
using VetrAI.Grains.Scheduling;
using VetrAI.TestSupport;

namespace VetrAI.Grains.Tests.Jobs;

/// <summary>The job grain and the silo's worker pool on a test cluster. The tests share the cluster; each uses
/// job ids of its own.</summary>
public sealed class JobGrainTests(JobClusterFixture silo) : IClassFixture<JobClusterFixture>
{
    /// <summary>How late a job's reminder may come after a restart: the lease, plus one reminder period when the
    /// restart took longer than the lease (Orleans does not replay missed ticks).</summary>
    private static readonly TimeSpan AfterRestart = JobClusterFixture.LeaseDuration + DeadlineReminders.RedeliveryPeriod + TimeSpan.FromSeconds(10);

    private readonly JobClusterFixture _silo = silo;

    private IJobGrain Job(string id) => _silo.Grains.GetGrain<IJobGrain>(id);

    private static CreateJobCommand Webhook(Uri url, int? maxAttempts = null, int? timeoutSeconds = null, DateTimeOffset? runAt = null) =>
        new("org-a", "u-1", "webhook", JsonDocument.Parse($$"""{"url": "{{url}}"}""").RootElement, maxAttempts, timeoutSeconds, runAt, "pro");

    private async Task<JobView> FinishedAsync(string id, TimeSpan? timeout = null)
    {
        JobView view = null!;
        await Wait.ForAsync(
            async () => (view = await Job(id).GetAsync("org-a")).Status is JobStatus.Succeeded or JobStatus.Failed or JobStatus.Cancelled,
            $"job {id} to finish",
            timeout);
        return view;
    }

    [Fact]
    public async Task A_webhook_failing_twice_then_succeeding_ends_succeeded_after_three_attempts_with_backoff()
    {
        await using var server = await TestHttpServer.StartAsync((_, count) => Task.FromResult(count <= 2 ? 500 : 200));

        var created = await Job("w1").CreateAsync(Webhook(server.Url, maxAttempts: 5));
        Assert.Equal(JobStatus.Queued, created.Status);
        var job = await FinishedAsync("w1");

        Assert.Equal((JobStatus.Succeeded, 3), (job.Status, job.Attempts));
        Assert.Equal(200, job.Result!.Value.GetProperty("status_code").GetInt32());
        Assert.Null(job.Error);
        Assert.Equal([JobAttemptOutcome.Failed, JobAttemptOutcome.Failed, JobAttemptOutcome.Succeeded], job.AttemptHistory.Select(a => a.Outcome!.Value));
        Assert.Contains("HTTP 500", job.AttemptHistory[0].Error, StringComparison.Ordinal);
        // Backoff base 300 ms with half jitter: at least 150 ms before attempt 2 and 300 ms before attempt 3.
        Assert.True(job.AttemptHistory[1].StartedAt - job.AttemptHistory[0].FinishedAt!.Value >= TimeSpan.FromMilliseconds(150), "backoff before attempt 2");
        Assert.True(job.AttemptHistory[2].StartedAt - job.AttemptHistory[1].FinishedAt!.Value >= TimeSpan.FromMilliseconds(300), "backoff before attempt 3");
        var requests = server.Requests.ToArray();
        Assert.Equal(["w1:1", "w1:2", "w1:3"], requests.Select(r => r.Headers["Idempotency-Key"]));
        Assert.All(requests, r => Assert.Equal("w1", r.Headers["X-VetrAI-Job-Id"]));
        Assert.True(requests[2].At - requests[1].At >= TimeSpan.FromMilliseconds(300), "the receiver saw the backoff too");
        Assert.NotNull(job.StartedAt);
        Assert.True(job.FinishedAt >= job.StartedAt);
    }

    [Fact]
    public async Task A_webhook_that_always_fails_ends_failed_after_max_attempts()
    {
        await using var server = await TestHttpServer.StartAsync((_, _) => Task.FromResult(503));

        await Job("w2").CreateAsync(Webhook(server.Url, maxAttempts: 3));
        var job = await FinishedAsync("w2");

        Assert.Equal((JobStatus.Failed, 3, 3), (job.Status, job.Attempts, server.Requests.Count));
        Assert.Contains("HTTP 503", job.Error, StringComparison.Ordinal);
        Assert.NotNull(job.FinishedAt);
    }

    [Fact]
    public async Task A_timed_out_attempt_is_retried_and_counts()
    {
        var release = new TaskCompletionSource();
        await using var server = await TestHttpServer.StartAsync(async (_, _) =>
        {
            await release.Task;
            return 200;
        });

        await Job("slow").CreateAsync(Webhook(server.Url, maxAttempts: 2, timeoutSeconds: 1));
        var job = await FinishedAsync("slow");
        release.SetResult();

        Assert.Equal((JobStatus.Failed, 2), (job.Status, job.Attempts));
        Assert.All(job.AttemptHistory, a => Assert.Equal(JobAttemptOutcome.TimedOut, a.Outcome));
        Assert.Contains("within 1 s", job.Error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Cancelling_a_running_job_stops_it_and_it_ends_cancelled()
    {
        var release = new TaskCompletionSource();
        var started = new TaskCompletionSource();
        await using var server = await TestHttpServer.StartAsync(async (_, _) =>
        {
            started.TrySetResult();
            await release.Task;
            return 200;
        });

        await Job("long").CreateAsync(Webhook(server.Url, maxAttempts: 3, timeoutSeconds: 600));
        await Wait.ForAsync(started.Task, "the webhook to be called");
        var cancelling = await Job("long").CancelAsync("org-a");
        var job = await FinishedAsync("long");
        release.SetResult();

        Assert.True(cancelling.CancelRequested);
        Assert.Equal((JobStatus.Cancelled, 1), (job.Status, job.Attempts));
        Assert.Equal(JobAttemptOutcome.Cancelled, job.AttemptHistory[0].Outcome);
        Assert.Single(server.Requests);
        Assert.Equal(JobStatus.Cancelled, (await Job("long").CancelAsync("org-a")).Status);
    }

    [Fact]
    public async Task A_cancelled_scheduled_job_never_starts()
    {
        await using var server = await TestHttpServer.StartAsync((_, _) => Task.FromResult(200));

        var created = await Job("later").CreateAsync(Webhook(server.Url, runAt: DateTimeOffset.UtcNow.AddSeconds(1)));
        var cancelled = await Job("later").CancelAsync("org-a");
        await Job("marker").CreateAsync(Webhook(server.Url, runAt: DateTimeOffset.UtcNow.AddSeconds(1.5)));
        await FinishedAsync("marker");

        Assert.Equal(JobStatus.Queued, created.Status);
        Assert.Equal((JobStatus.Cancelled, 0), (cancelled.Status, cancelled.Attempts));
        Assert.Equal(["marker"], server.Requests.Select(r => r.Headers["X-VetrAI-Job-Id"]));
        Assert.Equal(JobStatus.Cancelled, (await Job("later").GetAsync("org-a")).Status);
        await Assert.ThrowsAsync<ConflictException>(() => Job("marker").CancelAsync("org-a"));
    }

    [Fact]
    public async Task A_job_scheduled_for_later_waits_for_its_time()
    {
        await using var server = await TestHttpServer.StartAsync((_, _) => Task.FromResult(200));
        var runAt = DateTimeOffset.UtcNow.AddSeconds(1);

        await Job("sched").CreateAsync(Webhook(server.Url, runAt: runAt));
        var job = await FinishedAsync("sched");

        Assert.Equal(JobStatus.Succeeded, job.Status);
        Assert.True(Assert.Single(server.Requests).At >= runAt - TimeSpan.FromMilliseconds(60), "the job ran before its run_at");
    }

    [Fact]
    public async Task A_job_survives_a_restart_of_its_host_mid_run()
    {
        var firstCall = new TaskCompletionSource();
        var never = new TaskCompletionSource();
        await using var server = await TestHttpServer.StartAsync(async (_, count) =>
        {
            if (count == 1)
            {
                firstCall.TrySetResult();
                await never.Task;
            }

            return 200;
        });

        await Job("crash").CreateAsync(Webhook(server.Url, maxAttempts: 3, timeoutSeconds: 600));
        await Wait.ForAsync(firstCall.Task, "the first attempt to call the webhook");
        await _silo.StopAsync();
        var storedWhileDown = await StoredStatusAsync("crash");

        // The new silo loads the job's lease reminder from the database; at the lease's end the job finds no pool
        // holding it and runs again.
        await _silo.StartAsync();
        Assert.Equal(JobStatus.Running, storedWhileDown);
        var job = await FinishedAsync("crash", AfterRestart);
        never.SetResult();

        Assert.Equal((JobStatus.Succeeded, 2), (job.Status, job.Attempts));
        Assert.Equal([JobAttemptOutcome.Lost, JobAttemptOutcome.Succeeded], job.AttemptHistory.Select(a => a.Outcome!.Value));
        Assert.Equal(["crash:1", "crash:2"], server.Requests.Select(r => r.Headers["Idempotency-Key"]));
    }

    [Fact]
    public async Task A_job_scheduled_before_a_restart_runs_at_its_time_on_the_next_silo()
    {
        await using var server = await TestHttpServer.StartAsync((_, _) => Task.FromResult(200));
        // Later than a stop and a start of the test cluster take (under a second here).
        var runAt = DateTimeOffset.UtcNow.AddSeconds(3);

        await Job("sched-restart").CreateAsync(Webhook(server.Url, runAt: runAt));
        await _silo.StopAsync();
        var storedWhileDown = await StoredStatusAsync("sched-restart");

        // Reading the job does not drive it: its run_at reminder, loaded from the database by the new silo, does.
        await _silo.StartAsync();
        Assert.Equal(JobStatus.Queued, storedWhileDown);
        var job = await FinishedAsync("sched-restart", AfterRestart);

        Assert.Equal((JobStatus.Succeeded, 1), (job.Status, job.Attempts));
        Assert.True(Assert.Single(server.Requests).At >= runAt - TimeSpan.FromMilliseconds(60), "the job ran before its run_at");
    }

    [Theory]
    [InlineData("nope", """{"url": "http://x/"}""", "Unknown job type 'nope'")]
    [InlineData("webhook", """{"url": "not a url"}""", "Invalid payload for a webhook job")]
    [InlineData("webhook", """[1]""", "payload must be a JSON object")]
    public async Task Unknown_types_and_invalid_payloads_are_refused_and_nothing_is_stored(string type, string payload, string reason)
    {
        var error = await Assert.ThrowsAsync<InvalidInputException>(() =>
            Job("bad").CreateAsync(new CreateJobCommand("org-a", "u", type, JsonDocument.Parse(payload).RootElement, null, null, null, null)));

        Assert.Contains(reason, error.Message, StringComparison.Ordinal);
        await Assert.ThrowsAsync<NotFoundException>(() => Job("bad").GetAsync("org-a"));
    }

    [Theory]
    [InlineData(0, null)]
    [InlineData(11, null)]
    [InlineData(null, 0)]
    [InlineData(null, 100_000)]
    public async Task Attempts_and_timeout_are_bounded(int? maxAttempts, int? timeoutSeconds) =>
        await Assert.ThrowsAsync<InvalidInputException>(() => Job("b").CreateAsync(Webhook(new Uri("http://x/"), maxAttempts, timeoutSeconds)));

    [Fact]
    public async Task Another_organization_does_not_find_the_job()
    {
        await Job("mine").CreateAsync(Webhook(new Uri("http://127.0.0.1:1/"), maxAttempts: 1));

        await Assert.ThrowsAsync<NotFoundException>(() => Job("mine").GetAsync("org-b"));
        await Assert.ThrowsAsync<NotFoundException>(() => Job("mine").CancelAsync("org-b"));
    }

    /// <summary>The status in the job's stored row (the write statement copies it out of the state's index).</summary>
    private async Task<JobStatus> StoredStatusAsync(string id)
    {
        await using var dataSource = Npgsql.NpgsqlDataSource.Create(_silo.ConnectionString);
        await using var command = dataSource.CreateCommand(
            "SELECT status FROM grain_storage WHERE service_id = $1 AND state_name = $2 AND grain_key = $3");
        command.Parameters.Add(new Npgsql.NpgsqlParameter<string> { TypedValue = _silo.ServiceId });
        command.Parameters.Add(new Npgsql.NpgsqlParameter<string> { TypedValue = JobGrain.StateName });
        command.Parameters.Add(new Npgsql.NpgsqlParameter<string> { TypedValue = id });
        var status = (string?)await command.ExecuteScalarAsync() ?? throw new InvalidOperationException($"Job {id} has no stored row.");
        return Enum.Parse<JobStatus>(status, ignoreCase: true);
    }
}
