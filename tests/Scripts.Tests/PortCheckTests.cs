using System.Net;
using System.Net.Sockets;
using Xunit.Abstractions;

namespace VetrAI.Scripts.Tests;

/// <summary>The scripts' promise about ports (README): a port they would listen on that is already taken
/// gets one line naming the setting to change, before anything is built or started, and a non-zero exit.
/// Fast: the scripts stop before building.</summary>
public sealed class PortCheckTests(ITestOutputHelper output)
{
    private static readonly TimeSpan ExitDeadline = TimeSpan.FromMinutes(1);

    public static TheoryData<string> RunShSettings => new()
    {
        "VETRAI_HTTP_PORT", "VETRAI_PG_PORT", "VETRAI_S3_PORT", "VETRAI_SMTP_PORT", "VETRAI_MAILDEV_WEB_PORT",
        "VETRAI_REDIS_PORT", "VETRAI_STRIPE_STANDIN_PORT", "VETRAI_TWILIO_STANDIN_PORT", "VETRAI_CLUSTER_PORT", "VETRAI_GATEWAY_PORT",
    };

    [Theory]
    [MemberData(nameof(RunShSettings))]
    public async Task Run_sh_names_the_setting_of_a_taken_port_in_one_line_and_starts_nothing(string setting)
    {
        var ports = ServerPorts.Take();
        await AssertRefusedAsync("run.sh", [], ports, ports.All.Single(p => p.Setting == setting));
    }

    [Theory]
    [InlineData("VETRAI_CLUSTER_PORT", 2)]
    [InlineData("VETRAI_GATEWAY_PORT", 3)]
    [InlineData("VETRAI_REDIS_PORT", 0)]
    [InlineData("VETRAI_STRIPE_STANDIN_PORT", 0)]
    [InlineData("VETRAI_TWILIO_STANDIN_PORT", 0)]
    public async Task Cluster_sh_names_the_setting_of_a_taken_port_of_any_silo_in_one_line_and_starts_nothing(string setting, int silo)
    {
        var ports = ServerPorts.Take(silos: 3);
        await AssertRefusedAsync("cluster.sh", ["3"], ports, ports.All.Single(p => p.Setting == setting && p.Silo == silo));
    }

    private async Task AssertRefusedAsync(string script, string[] arguments, ServerPorts ports, ScriptPort taken)
    {
        using var copy = RepositoryCopy.Create();
        var listener = new TcpListener(IPAddress.Loopback, taken.Port);
        listener.Start();
        try
        {
            await using var run = ScriptRun.Start(
                Path.Combine(copy.Repository, script), ports.Environment(copy.DataDirectory, ExitDeadline), arguments);
            try
            {
                Assert.True(await run.WaitForExitAsync(ExitDeadline),
                    $"{script} still runs {ExitDeadline.TotalSeconds}s after it was given the taken port {taken.Port} ({taken.Name}). Its output:\n{run.Output}");
                Assert.True(run.ExitCode != 0, $"{script} exited with 0 although port {taken.Port} ({taken.Name}) was taken. Its output:\n{run.Output}");

                var errors = run.Output.Split('\n').Where(line => line.Contains("error", StringComparison.OrdinalIgnoreCase)).ToList();
                var error = Assert.Single(errors);
                Assert.Contains(taken.Setting, error, StringComparison.Ordinal);
                Assert.Contains(ServerPorts.Text(taken.Port), error, StringComparison.Ordinal);

                // Nothing was built, installed or started: the check comes first.
                Assert.DoesNotContain("building", run.Output, StringComparison.Ordinal);
                Assert.False(Directory.Exists(Path.Combine(copy.Repository, ".tools")), $"{script} installed the npm tools before checking its ports");
                Assert.False(Directory.Exists(Path.Combine(copy.DataDirectory, "postgres")), $"{script} created a PostgreSQL cluster before checking its ports");
            }
            finally
            {
                output.WriteLine(run.Output);
            }
        }
        finally
        {
            listener.Stop();
        }

        await ports.AssertAllClosedAsync(script, copy.Root);
    }
}
