using VetrAI.TestSupport;
using System.Text.RegularExpressions;
using Xunit.Abstractions;

namespace VetrAI.Scripts.Tests;

/// <summary>The scripts' promise (README): nothing they start outlives them, even when the script itself is
/// killed with SIGKILL and gets no chance to clean up. Each server is tied to the script that started it.
/// (run.sh's case is in <see cref="RunScriptTests"/>, which shares its build.)</summary>
public sealed partial class ScriptKilledTests(ITestOutputHelper output)
{
    private static readonly TimeSpan ServersDeadline = TimeSpan.FromMinutes(3);
    private static readonly TimeSpan GoneDeadline = TimeSpan.FromMinutes(2);

    [Fact]
    [Trait("Category", "Slow")]
    public async Task Test_sh_killed_with_SIGKILL_leaves_neither_its_servers_nor_the_test_run_running()
    {
        using var copy = RepositoryCopy.Create();
        // A stand-in for dotnet that stays in "building" until it is stopped, and says who it is:
        // this test is about test.sh's servers and process group, not about a build.
        var stubs = Path.Combine(copy.Root, "stub-bin");
        Directory.CreateDirectory(stubs);
        var stubPidFile = Path.Combine(copy.Root, "dotnet-stub.pid");
        var stub = Path.Combine(stubs, "dotnet");
        await File.WriteAllTextAsync(stub, $"#!/bin/sh\necho \"$$\" >'{stubPidFile}'\nexec sleep 600\n");
        File.SetUnixFileMode(stub, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute |
            UnixFileMode.GroupRead | UnixFileMode.GroupExecute | UnixFileMode.OtherRead | UnixFileMode.OtherExecute);
        var environment = new Dictionary<string, string>
        {
            ["PATH"] = $"{stubs}:{Environment.GetEnvironmentVariable("PATH")}",
            // test.sh's work folder (its PostgreSQL cluster) goes there, and is removed with the copy.
            ["TMPDIR"] = copy.Root,
        };

        await using var run = ScriptRun.Start(Path.Combine(copy.Repository, "test.sh"), environment);
        try
        {
            Assert.True(await run.WaitForOutputAsync("building VetrAI.sln", ServersDeadline),
                $"test.sh did not start its servers within {ServersDeadline.TotalMinutes} minutes. Its output:\n{run.Output}");
            var servers = ServersLine().Match(run.Output);
            Assert.True(servers.Success, $"test.sh did not name its servers' ports. Its output:\n{run.Output}");
            var ports = servers.Groups.Values.Skip(1).Select(group => int.Parse(group.Value, System.Globalization.CultureInfo.InvariantCulture)).ToArray();
            Assert.True(await WaitForFileAsync(stubPidFile, TimeSpan.FromSeconds(30)), "test.sh did not run the dotnet stand-in");
            var stubPid = Processes.ReadPidFile(stubPidFile);

            run.KillScriptOnly();
            Assert.True(await run.WaitForExitAsync(TimeSpan.FromSeconds(30)), "test.sh survived SIGKILL");

            Assert.True(await Processes.WaitUntilAllGoneAsync([stubPid], GoneDeadline),
                $"the build test.sh ran (pid {stubPid}) still runs {GoneDeadline.TotalSeconds}s after test.sh was killed");
            foreach (var port in ports)
            {
                Assert.True(await WaitUntilClosedAsync(port, GoneDeadline),
                    $"127.0.0.1:{port} still accepts connections {GoneDeadline.TotalSeconds}s after test.sh was killed. Its output:\n{run.Output}");
            }
        }
        finally
        {
            output.WriteLine(run.Output);
        }
    }

    [GeneratedRegex(@"PostgreSQL :(\d+), s3rver :(\d+), maildev SMTP :(\d+) web :(\d+), Redis :(\d+)")]
    private static partial Regex ServersLine();

    private static async Task<bool> WaitForFileAsync(string path, TimeSpan timeout)
    {
        var deadline = DateTime.UtcNow + timeout;
        while (!File.Exists(path) || new FileInfo(path).Length == 0)
        {
            if (DateTime.UtcNow > deadline)
            {
                return false;
            }

            await Task.Delay(TimeSpan.FromMilliseconds(200));
        }

        return true;
    }

    private static async Task<bool> WaitUntilClosedAsync(int port, TimeSpan timeout)
    {
        var deadline = DateTime.UtcNow + timeout;
        while (await FreePorts.AcceptsConnectionsAsync(port))
        {
            if (DateTime.UtcNow > deadline)
            {
                return false;
            }

            await Task.Delay(TimeSpan.FromMilliseconds(500));
        }

        return true;
    }
}
