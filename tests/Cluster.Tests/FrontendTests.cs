using System.Net;
using System.Text.Json;

namespace VetrAI.Cluster.Tests;

/// <summary>Client-only front end processes in front of silo processes.</summary>
[Collection(FrontendCollection.Name)]
public sealed class FrontendTests(FrontendCluster shared)
{
    [Fact]
    public async Task A_client_only_front_end_lists_the_silos_of_the_cluster()
    {
        await shared.First.LogInAsAdminAsync();

        using var response = await shared.First.Http.GetAsync(new Uri("/api/v1/cluster", UriKind.Relative));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        using var body = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        Assert.Equal("client", body.RootElement.GetProperty("mode").GetString());
        Assert.Equal(2, body.RootElement.GetProperty("active_silos").GetInt32());
        var silos = body.RootElement.GetProperty("silos").EnumerateArray().ToList();
        Assert.Equal(shared.Cluster.Silos.Keys.Order(), silos.Select(s => s.GetProperty("port").GetInt32()).Order());
        Assert.All(silos, s => Assert.Equal("active", s.GetProperty("status").GetString()));
        Assert.All(silos, s => Assert.True(s.GetProperty("activations").GetInt32() >= 0));
    }
}
