using System.Net;
using System.Text.Json;
using VetrAI.ApiFrontend.Tests.Infrastructure;
using VetrAI.ApiFrontend.Tests.Tickets;
using VetrAI.TestSupport;

namespace VetrAI.ApiFrontend.Tests.Jobs;

/// <summary>Restarts its host, so it has a fixture of its own.</summary>
public sealed class JobRestartTests(SupportFixture fixture) : IClassFixture<SupportFixture>
{
    [Fact]
    public async Task A_job_survives_a_restart_of_the_host_mid_run_and_completes()
    {
        var admin = await fixture.RegisterOrgAdminAsync();
        var firstCall = new TaskCompletionSource();
        var never = new TaskCompletionSource();
        await using var receiver = await TestHttpServer.StartAsync(async (_, count) =>
        {
            if (count == 1)
            {
                firstCall.TrySetResult();
                await never.Task;
            }

            return 200;
        });

        var response = await admin.Client.PostJsonAsync("/api/v1/jobs", new { Type = "webhook", Payload = new { Url = receiver.Url }, TimeoutSeconds = 600 });
        var id = (await response.ReadJsonAsync(HttpStatusCode.Accepted)).GetString("id");
        await firstCall.Task.WaitAsync(TimeSpan.FromSeconds(20));

        await fixture.RestartAsync();

        using var client = fixture.CreateClient(admin.AccessToken);
        JsonElement job;
        var deadline = DateTimeOffset.UtcNow.AddSeconds(30);
        while ((job = await (await client.GetAsync($"/api/v1/jobs/{id}")).ReadJsonAsync()).GetString("status") != "succeeded")
        {
            Assert.True(DateTimeOffset.UtcNow < deadline, $"Timed out waiting for the job to succeed after the restart; it is {job.GetString("status")}.");
            await Task.Delay(100);
        }

        never.SetResult();
        Assert.Equal(2, job.GetProperty("attempts").GetInt32());
        Assert.Equal(["lost", "succeeded"], job.GetProperty("attempt_history").EnumerateArray().Select(a => a.GetString("outcome")));
        Assert.Equal([$"{id}:1", $"{id}:2"], receiver.Requests.Select(r => r.Headers["Idempotency-Key"]));
    }
}
