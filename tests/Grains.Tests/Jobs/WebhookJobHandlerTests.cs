using VetrAI.TestSupport;
using System.Text.Json;
using Microsoft.Extensions.DependencyInjection;
using VetrAI.Grains.Jobs;
using VetrAI.Grains.Jobs.Webhook;

namespace VetrAI.Grains.Tests.Jobs;

public sealed class WebhookJobHandlerTests
{
    private static readonly IJobProgress NoProgress = new IgnoredProgress();

    private static WebhookJobHandler NewHandler() =>
        new(new ServiceCollection().AddHttpClient().BuildServiceProvider().GetRequiredService<IHttpClientFactory>());

    private static JsonElement Json(string json) => JsonDocument.Parse(json).RootElement.Clone();

    [Fact]
    public async Task Posts_the_body_with_job_and_idempotency_headers()
    {
        await using var server = await TestHttpServer.StartAsync((_, _) => Task.FromResult(204));
        var payload = Json($$$"""{"url": "{{{server.Url}}}hook", "body": {"hello": "world"}, "headers": {"X-Custom": "1"}}""");

        var result = await NewHandler().ExecuteAsync(new JobContext("job1", "org-a", 2, payload, NoProgress), CancellationToken.None);

        var request = Assert.Single(server.Requests);
        Assert.Equal(("POST", "/hook"), (request.Method, request.Path));
        Assert.Equal("""{"hello": "world"}""", request.Body);
        Assert.Equal("job1", request.Headers["X-VetrAI-Job-Id"]);
        Assert.Equal("2", request.Headers["X-VetrAI-Attempt"]);
        Assert.Equal("job1:2", request.Headers["Idempotency-Key"]);
        Assert.Equal("1", request.Headers["X-Custom"]);
        Assert.StartsWith("application/json", request.Headers["Content-Type"], StringComparison.Ordinal);
        Assert.Equal(204, result!.Value.GetProperty("status_code").GetInt32());
    }

    [Fact]
    public async Task Without_a_body_it_posts_the_job_envelope()
    {
        await using var server = await TestHttpServer.StartAsync((_, _) => Task.FromResult(200));

        await NewHandler().ExecuteAsync(new JobContext("job1", "org-a", 1, Json($$"""{"url": "{{server.Url}}"}"""), NoProgress), CancellationToken.None);

        Assert.Equal("""{"job_id":"job1","organization_id":"org-a","attempt":1}""", Assert.Single(server.Requests).Body);
    }

    [Theory]
    [InlineData(500)]
    [InlineData(404)]
    [InlineData(302)]
    public async Task A_non_success_answer_fails_the_attempt(int status)
    {
        await using var server = await TestHttpServer.StartAsync((_, _) => Task.FromResult(status));

        var error = await Assert.ThrowsAsync<JobAttemptFailedException>(() =>
            NewHandler().ExecuteAsync(new JobContext("job1", "org-a", 1, Json($$"""{"url": "{{server.Url}}"}"""), NoProgress), CancellationToken.None));

        Assert.Contains($"HTTP {status}", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task An_unreachable_url_fails_the_attempt()
    {
        await Assert.ThrowsAsync<JobAttemptFailedException>(() =>
            NewHandler().ExecuteAsync(new JobContext("job1", "org-a", 1, Json("""{"url": "http://127.0.0.1:1/"}"""), NoProgress), CancellationToken.None));
    }

    [Fact]
    public async Task A_slow_receiver_is_cut_off_by_the_token()
    {
        var release = new TaskCompletionSource();
        await using var server = await TestHttpServer.StartAsync(async (_, _) =>
        {
            await release.Task;
            return 200;
        });
        using var timeout = new CancellationTokenSource(TimeSpan.FromMilliseconds(200));

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() =>
            NewHandler().ExecuteAsync(new JobContext("job1", "org-a", 1, Json($$"""{"url": "{{server.Url}}"}"""), NoProgress), timeout.Token));
        release.SetResult();
    }

    [Theory]
    [InlineData("""{}""", "url is required")]
    [InlineData("""{"url": 5}""", "url is required")]
    [InlineData("""{"url": "ftp://x/"}""", "absolute http or https")]
    [InlineData("""{"url": "/relative"}""", "absolute http or https")]
    [InlineData("""{"url": "http://x/", "headers": []}""", "headers must be an object")]
    [InlineData("""{"url": "http://x/", "headers": {"Idempotency-Key": "x"}}""", "set by the platform")]
    [InlineData("""{"url": "http://x/", "headers": {"Bad Header": "x"}}""", "valid name")]
    public void Invalid_payloads_are_refused_with_a_reason(string payload, string reason) =>
        Assert.Contains(reason, NewHandler().ValidatePayload(Json(payload)), StringComparison.Ordinal);

    [Fact]
    public void A_minimal_payload_is_valid() => Assert.Null(NewHandler().ValidatePayload(Json("""{"url": "https://example.com/hook"}""")));

    private sealed class IgnoredProgress : IJobProgress
    {
        public ValueTask ReportAsync(int percent, string? message, CancellationToken cancellationToken) => ValueTask.CompletedTask;
    }
}
