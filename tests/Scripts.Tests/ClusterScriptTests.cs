using System.Net;
using System.Net.Http.Json;
using Xunit.Abstractions;

namespace VetrAI.Scripts.Tests;

/// <summary>The contract of ./cluster.sh (README): from a fresh clone, N silo processes (silo i on
/// VETRAI_CLUSTER_PORT + i - 1 and VETRAI_GATEWAY_PORT + i - 1) and one front end on 127.0.0.1 that finds
/// them through Redis, their pids under $VETRAI_DATA_DIR/pids, the front end's URL printed once the
/// cluster is ready, and on SIGTERM everything stopped, servers included, exiting 0.</summary>
public sealed class ClusterScriptTests(ITestOutputHelper output)
{
    // A cold Release build of the silo and the front end, on two cores shared with the other test assemblies.
    private static readonly TimeSpan ReadyDeadline = TimeSpan.FromMinutes(10);
    private static readonly TimeSpan StopDeadline = TimeSpan.FromMinutes(2);

    [Fact]
    [Trait("Category", "Slow")]
    public async Task Cluster_sh_2_from_a_fresh_clone_serves_through_its_silos_and_stops_everything_on_SIGTERM()
    {
        using var copy = RepositoryCopy.Create();
        var ports = ServerPorts.Take(silos: 2);
        var http = ports.Http;
        var environment = ports.Environment(copy.DataDirectory, ReadyDeadline);
        var pidFiles = new[] { "silo-1.pid", "silo-2.pid", "frontend.pid" }
            .Select(name => Path.Combine(copy.DataDirectory, "pids", name)).ToArray();
        int[] pids;

        await using (var run = ScriptRun.Start(Path.Combine(copy.Repository, "cluster.sh"), environment, "2"))
        {
            try
            {
                var readyLine = $"VetrAI cluster of 2 silo(s) is ready at http://127.0.0.1:{http}";
                Assert.True(await run.WaitForOutputAsync(readyLine, ReadyDeadline),
                    $"cluster.sh did not print \"{readyLine}\" within {ReadyDeadline.TotalMinutes} minutes. Its output:\n{run.Output}");

                pids = [.. pidFiles.Select(Processes.ReadPidFile)];
                Assert.All(pids, pid => Assert.True(Processes.IsRunning(pid), $"the process of pid {pid} is not running"));
                using var client = new HttpClient { BaseAddress = new Uri($"http://127.0.0.1:{http}"), Timeout = TimeSpan.FromSeconds(30) };
                using (var ready = await client.GetAsync(new Uri("/health/ready", UriKind.Relative)))
                {
                    Assert.Equal(HttpStatusCode.OK, ready.StatusCode);
                }

                // Registering creates a user and an organization: grain calls from the front end to the silos.
                using (var registered = await client.PostAsJsonAsync(new Uri("/api/v1/register", UriKind.Relative), new
                {
                    email = "owner@cluster-sh.test",
                    password = "Owner-Passw0rd!-cluster",
                    full_name = "Cluster Owner",
                    organization_name = "Cluster Script Org",
                }))
                {
                    Assert.True(registered.IsSuccessStatusCode, await registered.Content.ReadAsStringAsync());
                }

                run.Terminate();
                Assert.True(await run.WaitForExitAsync(StopDeadline),
                    $"cluster.sh did not exit within {StopDeadline.TotalSeconds}s of SIGTERM. Its output:\n{run.Output}");
                Assert.True(run.ExitCode == 0, $"cluster.sh exited with {run.ExitCode} after SIGTERM. Its output:\n{run.Output}");
            }
            finally
            {
                output.WriteLine(run.Output);
            }
        }

        Assert.All(pids, pid => Assert.False(Processes.IsRunning(pid), $"process {pid} still runs after cluster.sh exited"));
        await ports.AssertAllClosedAsync("cluster.sh", copy.Root);
    }
}
