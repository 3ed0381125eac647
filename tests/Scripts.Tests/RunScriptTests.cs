using Xunit.Abstractions;

namespace VetrAI.Scripts.Tests;

/// <summary>The contract of ./run.sh: from a fresh clone, it builds VetrAI,
/// starts the servers it needs, serves /health/ready, and on SIGTERM stops
/// VetrAI and everything it started, exiting 0.</summary>
public sealed class RunScriptTests(ITestOutputHelper output)
{
    // A cold build of the front end plus an npm install of the servers, on two
    // cores shared with the other test assemblies: 2 to 5 minutes measured.
    private static readonly TimeSpan ReadyDeadline = TimeSpan.FromMinutes(10);
    private static readonly TimeSpan StopDeadline = TimeSpan.FromMinutes(2);

    [Fact]
    [Trait("Category", "Slow")]
    public async Task Run_sh_from_a_fresh_clone_becomes_ready_and_stops_everything_on_SIGTERM()
    {
        using var copy = RepositoryCopy.Create();
        var ports = ServerPorts.Take();
        var http = ports.Http;
        var environment = ports.Environment(copy.DataDirectory, ReadyDeadline);

        var started = DateTime.UtcNow;
        await using (var run = ScriptRun.Start(Path.Combine(copy.Repository, "run.sh"), environment))
        {
            try
            {
                await WaitUntilReadyAsync(run, http);
                output.WriteLine($"ready after {(DateTime.UtcNow - started).TotalSeconds:F0}s");
                // run.sh polls the same URL, so it may print its line a moment after we saw 200.
                var readyLine = $"VetrAI is ready at http://127.0.0.1:{http}";
                Assert.True(await run.WaitForOutputAsync(readyLine, TimeSpan.FromSeconds(30)),
                    $"run.sh did not print \"{readyLine}\" within 30s of /health/ready answering 200. Its output:\n{run.Output}");

                run.Terminate();
                Assert.True(await run.WaitForExitAsync(StopDeadline),
                    $"run.sh did not exit within {StopDeadline.TotalSeconds}s of SIGTERM. Its output:\n{run.Output}");
                Assert.True(run.ExitCode == 0, $"run.sh exited with {run.ExitCode} after SIGTERM. Its output:\n{run.Output}");
            }
            finally
            {
                output.WriteLine(run.Output);
            }
        }

        await ports.AssertAllClosedAsync("run.sh");
    }

    private static async Task WaitUntilReadyAsync(ScriptRun run, int port)
    {
        using var client = new HttpClient { Timeout = TimeSpan.FromSeconds(5) };
        var url = new Uri($"http://127.0.0.1:{port}/health/ready");
        var deadline = DateTime.UtcNow + ReadyDeadline;
        while (true)
        {
            if (run.HasExited)
            {
                Assert.Fail($"run.sh exited with {run.ExitCode} before {url} answered 200. Its output:\n{run.Output}");
            }

            if (DateTime.UtcNow > deadline)
            {
                Assert.Fail($"{url} did not answer 200 within {ReadyDeadline.TotalMinutes} minutes. run.sh's output:\n{run.Output}");
            }

            try
            {
                using var response = await client.GetAsync(url);
                if ((int)response.StatusCode == 200)
                {
                    return;
                }
            }
            catch (HttpRequestException)
            {
                // not listening yet
            }
            catch (TaskCanceledException)
            {
                // listening but not answering yet
            }

            await Task.Delay(TimeSpan.FromMilliseconds(500));
        }
    }
}
