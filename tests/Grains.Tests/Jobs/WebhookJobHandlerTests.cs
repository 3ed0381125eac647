using VetrAI.TestSupport;
using System.Text.Json;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using VetrAI.Grains.Jobs;
using VetrAI.Grains.Jobs.Webhook;

namespace VetrAI.Grains.Tests.Jobs;

public sealed class WebhookJobHandlerTests
{
    private static readonly IJobProgress NoProgress = new IgnoredProgress();

    private static WebhookJobHandler NewHandler(bool mayReachPrivateNetworks = true)
    {
        var services = new ServiceCollection();
        services.AddHttpClient(WebhookJobHandler.HttpClientName).ConfigurePrimaryHttpMessageHandler(() => WebhookJobHandler.CreateHttpHandler(mayReachPrivateNetworks));
        return new WebhookJobHandler(
            services.BuildServiceProvider().GetRequiredService<IHttpClientFactory>(),
            Options.Create(new JobOptions { WebhooksMayReachPrivateNetworks = mayReachPrivateNetworks }));
    }

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

    [Theory]
    [InlineData("http://127.0.0.1:8080/")]
    [InlineData("http://localhost/")]
    [InlineData("http://10.1.2.3/")]
    [InlineData("http://169.254.169.254/latest/meta-data/")]
    [InlineData("http://192.168.0.1/")]
    [InlineData("http://[::1]/")]
    [InlineData("http://[fd00::1]/")]
    public void Private_addresses_are_refused_by_default(string url)
    {
        Assert.Contains("private, loopback or reserved", NewHandler(mayReachPrivateNetworks: false).ValidatePayload(Json($$"""{"url": "{{url}}"}""")), StringComparison.Ordinal);
        Assert.Null(NewHandler(mayReachPrivateNetworks: true).ValidatePayload(Json($$"""{"url": "{{url}}"}""")));
    }

    [Fact]
    public async Task A_name_that_resolves_to_a_private_address_is_refused_when_connecting()
    {
        await using var server = await TestHttpServer.StartAsync((_, _) => Task.FromResult(200));
        var url = new UriBuilder(server.Url) { Host = "localhost" }.Uri;

        var error = await Assert.ThrowsAsync<JobAttemptFailedException>(() => NewHandler(mayReachPrivateNetworks: false)
            .ExecuteAsync(new JobContext("job1", "org-a", 1, Json($$"""{"url": "{{url}}"}"""), NoProgress), CancellationToken.None));

        Assert.Contains("may not reach", error.Message, StringComparison.Ordinal);
        Assert.Empty(server.Requests);
    }

    [Theory]
    [InlineData("8.8.8.8", true)]
    [InlineData("100.64.0.1", false)]
    [InlineData("172.16.5.4", false)]
    [InlineData("172.32.0.1", true)]
    [InlineData("0.0.0.0", false)]
    [InlineData("224.0.0.1", false)]
    [InlineData("::ffff:127.0.0.1", false)]
    [InlineData("2001:4860:4860::8888", true)]
    [InlineData("fe80::1", false)]
    public void Public_addresses_are_told_from_internal_ones(string address, bool isPublic) =>
        Assert.Equal(isPublic, WebhookAddresses.IsPublic(System.Net.IPAddress.Parse(address)));

    [Fact]
    public void A_minimal_payload_is_valid() => Assert.Null(NewHandler().ValidatePayload(Json("""{"url": "https://example.com/hook"}""")));

    private sealed class IgnoredProgress : IJobProgress
    {
        public ValueTask ReportAsync(int percent, string? message, CancellationToken cancellationToken) => ValueTask.CompletedTask;
    }
}
