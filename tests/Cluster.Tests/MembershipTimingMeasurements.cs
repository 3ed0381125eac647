using System.Diagnostics;
using Xunit.Abstractions;

namespace VetrAI.Cluster.Tests;

/// <summary>Measures how long after a SIGKILL Redis shows the silo Dead (status 6 in
/// <c>{ServiceId}/members/{ClusterId}</c>) with Orleans' defaults, the production defaults and the tests' settings.
/// It asserts nothing and takes minutes, so it runs only when asked:
/// <c>VETRAI_MEASURE_MEMBERSHIP=1 ./test.sh --filter FullyQualifiedName~MembershipTimingMeasurements --logger "console;verbosity=detailed"</c>.</summary>
public sealed class MembershipTimingMeasurements(ITestOutputHelper output)
{
    private const int Kills = 3;

    public static TheoryData<string, int> Cases() => new()
    {
        { nameof(MembershipSettings.OrleansDefaults), 3 },
        { nameof(MembershipSettings.Production), 3 },
        { nameof(MembershipSettings.Tests), 3 },
        { nameof(MembershipSettings.Tests), 2 },
    };

    [MeasurementTheory]
    [MemberData(nameof(Cases))]
    public async Task Time_from_SIGKILL_to_Dead_in_Redis(string settingsName, int silos)
    {
        var settings = settingsName switch
        {
            nameof(MembershipSettings.OrleansDefaults) => MembershipSettings.OrleansDefaults,
            nameof(MembershipSettings.Production) => MembershipSettings.Production,
            _ => MembershipSettings.Tests,
        };
        await using var cluster = await TestCluster.StartAsync(silos, settings);
        var times = new List<TimeSpan>();
        for (var kill = 0; kill < Kills; kill++)
        {
            var port = cluster.Silos.First(s => !s.Value.HasExited).Key;
            cluster.Signal(port, "KILL");
            var clock = Stopwatch.StartNew();
            await cluster.WaitForDeadAsync(port, TimeSpan.FromSeconds(120));
            times.Add(clock.Elapsed);
            cluster.StartSilo();
            await cluster.WaitForActiveSilosAsync(silos);
        }

        output.WriteLine(
            $"{settingsName} ({settings}), {silos} silos: SIGKILL to Dead in Redis "
            + string.Join(", ", times.Select(t => $"{t.TotalSeconds:0.0} s"))
            + $" (mean {times.Average(t => t.TotalSeconds):0.0} s)");
    }
}

/// <summary>A theory that runs only when <c>VETRAI_MEASURE_MEMBERSHIP</c> is set.</summary>
internal sealed class MeasurementTheoryAttribute : TheoryAttribute
{
    public MeasurementTheoryAttribute()
    {
        if (string.IsNullOrEmpty(Environment.GetEnvironmentVariable("VETRAI_MEASURE_MEMBERSHIP")))
        {
            Skip = "A measurement, not a test: set VETRAI_MEASURE_MEMBERSHIP=1 to run it.";
        }
    }
}
