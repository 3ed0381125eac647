using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using VetrAI.ApiFrontend.Tests.Infrastructure;

namespace VetrAI.ApiFrontend.Tests.Privacy;

/// <summary>The GDPR endpoints as the tests call them.</summary>
internal static class PrivacyApi
{
    /// <summary>Starts an export and waits (with a deadline) for its job to succeed; answers the job.</summary>
    public static async Task<JsonElement> ExportAsync(TestSession session)
    {
        var started = await (await session.Client.PostAsync("/api/v1/me/export", null)).ReadJsonAsync(HttpStatusCode.Accepted);
        var jobId = started.GetString("job_id");
        Assert.Equal("queued", started.GetString("status"));
        JsonElement job = default;
        await VetrAI.TestSupport.Wait.ForAsync(
            async () =>
            {
                job = await (await session.Client.GetAsync($"/api/v1/me/export/{jobId}")).ReadJsonAsync();
                return job.GetString("status") switch
                {
                    "succeeded" => true,
                    "failed" or "cancelled" => throw new InvalidOperationException($"Export {jobId} ended {job.GetString("status")}: {job.GetProperty("error")}"),
                    _ => false,
                };
            },
            $"export {jobId} to succeed",
            TimeSpan.FromSeconds(30));
        return job;
    }

    public static string DownloadUrl(JsonElement job) => job.GetProperty("result").GetString("download_url");

    /// <summary>Erases the session's account.</summary>
    public static Task<HttpResponseMessage> EraseAsync(TestSession session, string? password = null)
        => session.Client.SendAsync(new HttpRequestMessage(HttpMethod.Delete, "/api/v1/me")
        {
            Content = JsonContent.Create(new { password = password ?? session.Password }),
        });
}
