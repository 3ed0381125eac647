using System.Net;
using VetrAI.ApiFrontend.Tests.Infrastructure;

namespace VetrAI.ApiFrontend.Tests.ApiKeys;

/// <summary>Usage is counted in memory and flushed on deactivation: a graceful restart of the host loses nothing.</summary>
public sealed class ApiKeyRestartTests(ApiKeysFixture fixture) : IClassFixture<ApiKeysFixture>
{
    [Fact]
    public async Task Usage_counts_and_credits_survive_a_restart_of_the_host()
    {
        var admin = await fixture.RegisterOrgAdminAsync();
        var created = await (await admin.Client.PostJsonAsync("/api/v1/keys", new
        {
            Name = "durable",
            RateLimit = new { Limit = 4, WindowSeconds = 3600 },
            Credits = new { Remaining = 50 },
        })).ReadJsonAsync(HttpStatusCode.Created);
        for (var i = 0; i < 6; i++)
        {
            await (await fixture.Client.PostJsonAsync("/api/v1/keys/validate", new { Key = created.GetString("key") })).ReadJsonAsync();
        }

        await fixture.RestartAsync();

        var session = await fixture.LoginAsync(admin.Email);
        var id = created.GetString("id");
        var read = await (await session.Client.GetAsync($"/api/v1/keys/{id}")).ReadJsonAsync();
        Assert.Equal(4, read.GetProperty("usage").GetProperty("valid").GetInt64());
        Assert.Equal(2, read.GetProperty("usage").GetProperty("rejected").GetInt64());
        Assert.Equal(46, read.GetProperty("credits").GetProperty("remaining").GetInt64());

        var usage = await (await session.Client.GetAsync($"/api/v1/keys/{id}/usage?granularity=day")).ReadJsonAsync();
        var buckets = usage.GetProperty("buckets").EnumerateArray().ToArray();
        Assert.Equal(4, buckets.Sum(b => b.GetProperty("valid").GetInt64()));
        Assert.Equal(2, buckets.Sum(b => b.GetProperty("rejected").GetInt64()));
    }
}
