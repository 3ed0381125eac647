using System.Net;
using System.Text.Json;

namespace VetrAI.Cluster.Tests;

/// <summary>A front end without a silo of its own, in front of real silo processes.</summary>
public sealed class FrontendTests
{
    [Fact]
    public async Task A_client_mode_front_end_lists_the_cluster_and_is_ready_only_while_it_sees_an_active_silo()
    {
        await using var cluster = await TestCluster.StartAsync(2, BuiltApps.Silo);
        await using var frontend = FrontendProcess.Start(cluster, TestCluster.FreePort());
        await Wait.UntilAsync(
            async () => await frontend.ReadinessAsync() == HttpStatusCode.OK, TimeSpan.FromSeconds(90), "the front end to be ready", cluster.Diagnostics);
        await frontend.LogInAsAdminAsync();

        using var response = await frontend.Http.GetAsync(new Uri("/api/v1/cluster", UriKind.Relative));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        using var body = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        Assert.Equal(2, body.RootElement.GetProperty("active_silos").GetInt32());
        var silos = body.RootElement.GetProperty("silos").EnumerateArray().ToList();
        Assert.Equal(cluster.Silos.Keys.Order(), silos.Select(s => s.GetProperty("port").GetInt32()).Order());
        Assert.All(silos, s => Assert.Equal("active", s.GetProperty("status").GetString()));
        Assert.All(silos, s => Assert.True(s.GetProperty("activations").GetInt32() >= 0));

        foreach (var silo in cluster.Silos.Values)
        {
            silo.Signal("KILL");
        }

        await Wait.UntilAsync(
            async () => await frontend.ReadinessAsync() == HttpStatusCode.ServiceUnavailable,
            TestCluster.FailureTimeout + TimeSpan.FromSeconds(5), "the front end to report itself not ready", cluster.Diagnostics);
    }
}
