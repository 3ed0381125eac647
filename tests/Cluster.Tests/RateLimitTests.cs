using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;

namespace VetrAI.Cluster.Tests;

/// <summary>An API key's token bucket lives in one grain on one silo, whichever front end asks.</summary>
public sealed class RateLimitTests
{
    [Fact]
    public async Task Rate_limiting_stays_exact_through_two_front_ends()
    {
        await using var cluster = await TestCluster.StartAsync(2, BuiltApps.Silo);
        await using var first = FrontendProcess.Start(cluster, TestCluster.FreePort());
        await using var second = FrontendProcess.Start(cluster, TestCluster.FreePort());
        foreach (var frontend in new[] { first, second })
        {
            await Wait.UntilAsync(
                async () => await frontend.ReadinessAsync() == System.Net.HttpStatusCode.OK,
                TimeSpan.FromSeconds(90), $"front end {frontend.Port} to be ready", cluster.Diagnostics);
        }

        var key = await CreateKeyAsync(first.Http, limit: 50);

        var validations = Enumerable.Range(0, 64).Select(async i =>
        {
            var frontend = i % 2 == 0 ? first : second;
            using var response = await frontend.Http.PostAsJsonAsync(new Uri("/api/v1/keys/validate", UriKind.Relative), new { key });
            response.EnsureSuccessStatusCode();
            using var body = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
            return body.RootElement.GetProperty("code").GetString();
        });
        var codes = await Task.WhenAll(validations);

        Assert.Equal(50, codes.Count(code => code == "VALID"));
        Assert.Equal(14, codes.Count(code => code == "RATE_LIMITED"));
    }

    private static async Task<string> CreateKeyAsync(HttpClient http, int limit)
    {
        using var registered = await http.PostAsJsonAsync(new Uri("/api/v1/register", UriKind.Relative), new
        {
            email = $"owner-{Guid.NewGuid():N}@cluster.test",
            password = "Owner-Passw0rd!-cluster",
            full_name = "Key Owner",
            organization_name = "Rate Limited Org " + Guid.NewGuid().ToString("N")[..6],
        });
        registered.EnsureSuccessStatusCode();
        using var session = JsonDocument.Parse(await registered.Content.ReadAsStringAsync());
        using var request = new HttpRequestMessage(HttpMethod.Post, new Uri("/api/v1/keys", UriKind.Relative))
        {
            Content = JsonContent.Create(new { name = "limited", rate_limit = new { limit, window_seconds = 3600 } }),
        };
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", session.RootElement.GetProperty("access_token").GetString());
        using var created = await http.SendAsync(request);
        var text = await created.Content.ReadAsStringAsync();
        Assert.True(created.IsSuccessStatusCode, text);
        using var key = JsonDocument.Parse(text);
        return key.RootElement.GetProperty("key").GetString()!;
    }
}
