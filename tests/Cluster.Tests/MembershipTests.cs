using System.Diagnostics;
using System.Globalization;
using System.Net;
using VetrAI.Cluster.TestSilo;
using VetrAI.Runtime;

namespace VetrAI.Cluster.Tests;

/// <summary>Three silo processes and a client: placement, failure detection, graceful leave, a frozen
/// silo that comes back, and the cluster port's authentication.</summary>
public sealed class MembershipTests
{
    private static readonly TimeSpan DetectionBound = TestCluster.FailureTimeout + TimeSpan.FromSeconds(3);

    [Fact]
    public async Task Grains_spread_over_all_three_silos()
    {
        await using var cluster = await TestCluster.StartAsync(3);

        var owners = await OwnersAsync(cluster, Keys("spread", 300));

        var perSilo = owners.Values.GroupBy(port => port).ToDictionary(g => g.Key, g => g.Count());
        Assert.Equal(cluster.Silos.Keys.Order(), perSilo.Keys.Order());
        Assert.All(perSilo.Values, count => Assert.InRange(count, 50, 200));
        // Each silo reports its activation count with its heartbeat.
        await Wait.UntilAsync(
            () => cluster.Health.Silos.Count(s => s.Status == SiloStatus.Active && s.ActivationCount > 0) == 3,
            TimeSpan.FromSeconds(5), "every silo to report activations", cluster.Diagnostics);
    }

    [Fact]
    public async Task A_killed_silo_is_declared_dead_and_its_grains_answer_from_the_others_with_every_acknowledged_write()
    {
        await using var cluster = await TestCluster.StartAsync(3);
        var keys = Keys("kill", 150);
        var acknowledged = new Dictionary<string, long>();
        foreach (var (key, i) in keys.Select((k, i) => (k, i)))
        {
            acknowledged[key] = await cluster.Grains.GetGrain<ICounterGrain>(key).AddAsync(i + 1);
        }

        var owners = await OwnersAsync(cluster, keys);
        var victimPort = owners[keys[0]];
        var victimKeys = keys.Where(k => owners[k] == victimPort).ToList();

        cluster.Silos[victimPort].Signal("KILL");
        var killed = Stopwatch.StartNew();

        // Meanwhile calls keep going to the victim's grains: each ends (answer or error) within its timeout.
        var slowest = TimeSpan.Zero;
        var probing = Task.Run(async () =>
        {
            while (cluster.StatusOf(victimPort) != SiloStatus.Dead && killed.Elapsed < DetectionBound)
            {
                var call = Stopwatch.StartNew();
                try
                {
                    await cluster.Grains.GetGrain<ICounterGrain>(victimKeys[0]).GetAsync();
                }
                catch (Exception ex) when (ex is SiloUnavailableException or TimeoutException or IOException)
                {
                }

                slowest = call.Elapsed > slowest ? call.Elapsed : slowest;
            }
        });

        var detected = await Wait.UntilAsync(
            () => cluster.StatusOf(victimPort) == SiloStatus.Dead, DetectionBound, "the killed silo to be declared dead", cluster.Diagnostics);
        await probing;

        Assert.True(detected <= DetectionBound, $"declared dead after {detected}");
        Assert.True(slowest <= TestCluster.CallTimeout + TimeSpan.FromSeconds(1), $"a call took {slowest}");
        foreach (var key in keys)
        {
            var grain = cluster.Grains.GetGrain<ICounterGrain>(key);
            Assert.Equal(acknowledged[key], await grain.GetAsync());
            Assert.NotEqual(victimPort.ToString(CultureInfo.InvariantCulture), await grain.GetSiloAsync());
        }
    }

    [Fact]
    public async Task Writes_under_way_when_a_silo_is_killed_lose_none_that_was_acknowledged_and_none_runs_twice()
    {
        await using var cluster = await TestCluster.StartAsync(3);
        var keys = Keys("load", 48);
        var owners = await OwnersAsync(cluster, keys);
        var victimPort = owners[keys[0]];
        var victimKeys = keys.Where(k => owners[k] == victimPort).ToList();
        await using var load = new CounterLoad(cluster, keys, writers: 32);

        await Wait.UntilAsync(() => load.Acknowledged(keys) >= 500, TimeSpan.FromSeconds(60), "500 acknowledged writes", cluster.Diagnostics);
        cluster.Silos[victimPort].Signal("KILL");
        await Wait.UntilAsync(
            () => cluster.StatusOf(victimPort) == SiloStatus.Dead, DetectionBound, "the killed silo to be declared dead", cluster.Diagnostics);
        var atDeath = load.Acknowledged(victimKeys);
        await Wait.UntilAsync(
            () => load.Acknowledged(victimKeys) >= atDeath + 100, TimeSpan.FromSeconds(60),
            "100 more acknowledged writes to the killed silo's grains", cluster.Diagnostics);
        await load.StopAsync();

        Assert.True(load.Batched > 0, "no write travelled in a batch");
        await load.AssertTotalsAsync(cluster);
    }

    [Fact]
    public async Task Writes_under_way_when_a_silo_leaves_with_SIGTERM_lose_none_that_was_acknowledged_and_none_runs_twice()
    {
        await using var cluster = await TestCluster.StartAsync(3);
        var keys = Keys("leave", 48);
        var owners = await OwnersAsync(cluster, keys);
        var leavingPort = owners[keys[0]];
        var leavingKeys = keys.Where(k => owners[k] == leavingPort).ToList();
        await using var load = new CounterLoad(cluster, keys, writers: 32);

        await Wait.UntilAsync(() => load.Acknowledged(keys) >= 500, TimeSpan.FromSeconds(60), "500 acknowledged writes", cluster.Diagnostics);
        var leaving = cluster.Silos[leavingPort];
        leaving.Signal("TERM");
        Assert.True(await leaving.WaitForExitAsync(TimeSpan.FromSeconds(30)), "the silo did not exit within 30 s of SIGTERM");
        Assert.Equal(0, leaving.ExitCode);
        var atExit = load.Acknowledged(leavingKeys);
        await Wait.UntilAsync(
            () => load.Acknowledged(leavingKeys) >= atExit + 100, TimeSpan.FromSeconds(60),
            "100 more acknowledged writes to the grains of the silo that left", cluster.Diagnostics);
        await load.StopAsync();

        await load.AssertTotalsAsync(cluster);
    }

    [Fact]
    public async Task Writes_under_way_when_a_silo_joins_lose_none_that_was_acknowledged_and_none_runs_twice()
    {
        await using var cluster = await TestCluster.StartAsync(2);
        var keys = Keys("join", 48);
        await using var load = new CounterLoad(cluster, keys, writers: 32);

        await Wait.UntilAsync(() => load.Acknowledged(keys) >= 500, TimeSpan.FromSeconds(60), "500 acknowledged writes", cluster.Diagnostics);
        var joined = cluster.StartSilo(BuiltApps.TestSilo);
        await cluster.WaitForActiveSilosAsync(3, TimeSpan.FromSeconds(60));
        var owners = await OwnersAsync(cluster, keys);
        var movedKeys = keys.Where(k => owners[k] == cluster.Silos.Single(s => s.Value == joined).Key).ToList();
        Assert.NotEmpty(movedKeys);
        var atJoin = load.Acknowledged(movedKeys);
        await Wait.UntilAsync(
            () => load.Acknowledged(movedKeys) >= atJoin + 100, TimeSpan.FromSeconds(60),
            "100 acknowledged writes to the grains the new silo took over", cluster.Diagnostics);
        await load.StopAsync();

        await load.AssertTotalsAsync(cluster);
    }

    [Fact]
    public async Task A_silo_stopped_with_SIGTERM_leaves_cleanly_after_persisting_in_memory_state()
    {
        await using var cluster = await TestCluster.StartAsync(3);
        var keys = Keys("term", 90);
        foreach (var key in keys)
        {
            var grain = cluster.Grains.GetGrain<ICounterGrain>(key);
            await grain.AddAsync(1);
            await grain.AddInMemoryAsync(5);
        }

        var owners = await OwnersAsync(cluster, keys);
        var victimPort = owners[keys[0]];
        var victim = cluster.Silos[victimPort];

        victim.Signal("TERM");

        Assert.True(await victim.WaitForExitAsync(TimeSpan.FromSeconds(30)), "the silo did not exit within 30 s of SIGTERM");
        Assert.Equal(0, victim.ExitCode);
        await Wait.UntilAsync(() => cluster.StatusOf(victimPort) == SiloStatus.Dead, TimeSpan.FromSeconds(5), "the silo's row to say it left");
        foreach (var key in keys)
        {
            Assert.Equal(6, await cluster.Grains.GetGrain<ICounterGrain>(key).GetAsync());
        }
    }

    [Fact]
    public async Task A_frozen_silo_declared_dead_exits_when_it_resumes_and_none_of_its_state_is_written()
    {
        await using var cluster = await TestCluster.StartAsync(3);
        var victimPort = cluster.Silos.Keys.First();
        var victim = cluster.Silos[victimPort];
        var owners = await OwnersAsync(cluster, Keys("freeze", 60));
        var key = owners.First(o => o.Value == victimPort).Key;
        var grain = cluster.Grains.GetGrain<ICounterGrain>(key);
        await grain.AddAsync(1);
        await grain.AddInMemoryAsync(100);
        // The victim will try to persist its in-memory 100 and 1000 more the moment it wakes up,
        // before its heartbeat can tell it that it is dead; a frozen process cannot see the marker
        // until it resumes. Handing its grains off when it reads the new view writes them too.
        var marker = Path.Combine(Path.GetTempPath(), $"vetrai-freeze-{Guid.NewGuid():N}");
        await grain.WriteWhenFileAppearsAsync(marker, 1000);

        victim.Signal("STOP");
        try
        {
            await Wait.UntilAsync(
                () => cluster.StatusOf(victimPort) == SiloStatus.Dead, DetectionBound, "the frozen silo to be declared dead", cluster.Diagnostics);
            // The new owner activates the grain from storage and has not written it: the stored
            // version is still the one the frozen activation holds, so only the fence can stop it.
            Assert.Equal(1, await grain.GetAsync());
            Assert.NotEqual(victimPort.ToString(CultureInfo.InvariantCulture), await grain.GetSiloAsync());
            await File.WriteAllTextAsync(marker, "resume");
            victim.Signal("CONT");

            Assert.True(await victim.WaitForExitAsync(TimeSpan.FromSeconds(10)), "the resumed silo did not exit");
        }
        finally
        {
            File.Delete(marker);
        }

        Assert.NotEqual(0, victim.ExitCode);
        Assert.Contains("declared dead", victim.Output, StringComparison.Ordinal);
        // It did try: the marker timer or the hand-off of its grains, whichever ran first.
        Assert.Contains($"write of {key}: refused", victim.Output, StringComparison.Ordinal);
        Assert.DoesNotContain(": accepted, total", victim.Output, StringComparison.Ordinal);
        // The new owner's next write is still based on the current version: nothing was written under it.
        Assert.Equal(11, await grain.AddAsync(10));
        Assert.Equal(11, await grain.GetAsync());
    }

    [Fact]
    public async Task The_cluster_port_refuses_calls_without_the_secret()
    {
        await using var cluster = await TestCluster.StartAsync(1);
        var port = cluster.Silos.Keys.Single();
        using var client = new HttpClient
        {
            DefaultRequestVersion = HttpVersion.Version20,
            DefaultVersionPolicy = HttpVersionPolicy.RequestVersionExact,
        };
        var uri = new Uri($"http://127.0.0.1:{port}/cluster/call");

        using var missing = await client.PostAsync(uri, new ByteArrayContent([1, 0, 0]));
        using var wrong = new HttpRequestMessage(HttpMethod.Post, uri)
        {
            Content = new ByteArrayContent([1, 0, 0]),
            Version = HttpVersion.Version20,
            VersionPolicy = HttpVersionPolicy.RequestVersionExact,
        };
        wrong.Headers.Add("X-VetrAI-Cluster-Secret", "not-the-secret");
        using var wrongResponse = await client.SendAsync(wrong);

        Assert.Equal(HttpStatusCode.Unauthorized, missing.StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, wrongResponse.StatusCode);
    }

    private static List<string> Keys(string prefix, int count) =>
        [.. Enumerable.Range(0, count).Select(i => $"{prefix}-{i}")];

    private static async Task<Dictionary<string, int>> OwnersAsync(TestCluster cluster, IEnumerable<string> keys)
    {
        var owners = new Dictionary<string, int>();
        foreach (var key in keys)
        {
            owners[key] = int.Parse(await cluster.Grains.GetGrain<ICounterGrain>(key).GetSiloAsync(), CultureInfo.InvariantCulture);
        }

        return owners;
    }
}
