using Xunit.Abstractions;

namespace VetrAI.Scripts.Tests;

/// <summary>The contract of ./run.sh: from a fresh clone, it builds VetrAI,
/// starts the servers it needs, serves /health/ready, and on SIGTERM stops
/// VetrAI and everything it started, exiting 0.</summary>
public sealed class RunScriptTests(RunScriptTests.SharedCopy fixture, ITestOutputHelper output) : IClassFixture<RunScriptTests.SharedCopy>
{
    // A cold build of the front end plus an npm install of the servers, on two
    // cores shared with the other test assemblies: 2 to 5 minutes measured.
    private static readonly TimeSpan ReadyDeadline = TimeSpan.FromMinutes(10);
    private static readonly TimeSpan StopDeadline = TimeSpan.FromMinutes(2);
    // The app, silos and front end get SIGKILL when run.sh dies; the servers stop at once.
    private static readonly TimeSpan KilledDeadline = TimeSpan.FromMinutes(1);

    [Fact]
    [Trait("Category", "Slow")]
    public async Task Run_sh_from_a_fresh_clone_becomes_ready_and_stops_everything_on_SIGTERM()
    {
        var copy = fixture.Copy;
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

        await ports.AssertAllClosedAsync("run.sh", copy.Root);
    }

    [Fact]
    [Trait("Category", "Slow")]
    public async Task Run_sh_killed_with_SIGKILL_leaves_neither_VetrAI_nor_a_server_running()
    {
        var copy = fixture.Copy;
        var ports = ServerPorts.Take();
        var environment = ports.Environment(copy.DataDirectory, ReadyDeadline);
        var runDirectory = Path.Combine(copy.DataDirectory, "run");

        await using var run = ScriptRun.Start(Path.Combine(copy.Repository, "run.sh"), environment);
        try
        {
            var readyLine = $"VetrAI is ready at http://127.0.0.1:{ports.Http}";
            Assert.True(await run.WaitForOutputAsync(readyLine, ReadyDeadline),
                $"run.sh did not print \"{readyLine}\" within {ReadyDeadline.TotalMinutes} minutes. Its output:\n{run.Output}");
            // run.sh's own pid files, and the postmaster's: run.sh runs postgres itself.
            var pidFiles = new[] { "vetrai.pid", "s3rver.pid", "maildev.pid", "redis.pid", "stripe-standin.pid", "twilio-standin.pid" }
                .Select(name => Path.Combine(runDirectory, name))
                .Append(Path.Combine(copy.DataDirectory, "postgres", "postmaster.pid"))
                .ToArray();
            var pids = pidFiles.Select(Processes.ReadPidFile).ToArray();
            Assert.All(pids, pid => Assert.True(Processes.IsRunning(pid), $"the process of pid {pid} is not running"));

            run.KillScriptOnly();
            Assert.True(await run.WaitForExitAsync(TimeSpan.FromSeconds(30)), "run.sh survived SIGKILL");

            Assert.True(await Processes.WaitUntilAllGoneAsync(pids, KilledDeadline),
                $"{string.Join(", ", pids.Where(Processes.IsRunning))} of {string.Join(", ", pids)} (VetrAI, s3rver, maildev, Redis, the Stripe and Twilio stand-ins, PostgreSQL) still run {KilledDeadline.TotalSeconds}s after run.sh was killed. Its output:\n{run.Output}");
            Assert.True(await ports.WaitUntilAllClosedAsync(TimeSpan.FromSeconds(30)),
                $"a port run.sh used is still open after everything it started exited. Its output:\n{run.Output}");
        }
        finally
        {
            output.WriteLine(run.Output);
        }
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

    /// <summary>One fresh clone for both tests: the second run.sh reuses the first one's build and PostgreSQL
    /// cluster, as a developer's second run does.</summary>
    public sealed class SharedCopy : IDisposable
    {
        internal RepositoryCopy Copy { get; } = RepositoryCopy.Create();

        public void Dispose() => Copy.Dispose();
    }
}
