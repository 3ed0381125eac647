using System.Diagnostics;
using System.Net;
using VetrAI.Grains.Abstractions.ApiKeys;
using Xunit.Abstractions;

namespace VetrAI.Cluster.Tests;

/// <summary>An API key's token bucket lives in one grain on one silo, whichever front end asks; when that silo
/// dies the key's grain comes back on another one and validations are answered again.</summary>
[Collection(FrontendCollection.Name)]
public sealed class RateLimitTests(FrontendCluster shared, ITestOutputHelper output)
{
    /// <summary>How long after Redis marks a silo dead the front end's view may still hold it.</summary>
    private static readonly TimeSpan ViewPropagation = TimeSpan.FromSeconds(1);

    [Fact]
    public async Task The_rate_limit_of_a_key_stays_exact_through_two_front_ends()
    {
        var key = await shared.First.CreateKeyAsync(limit: 50);

        var verdicts = await Task.WhenAll(Enumerable.Range(0, 64).Select(i => (i % 2 == 0 ? shared.First : shared.Second).ValidateAsync(key)));

        // A failed validation's cause is in its front end's log (a 500 logs the exception): show both logs' ends.
        var failed = verdicts.Where(v => v.Status != HttpStatusCode.OK).Select(v => (int)v.Status).ToList();
        Assert.True(
            failed.Count == 0,
            $"{failed.Count} of {verdicts.Length} validations answered {string.Join(", ", failed.Distinct())}; the even ones went to the first front end."
            + $"\nFirst front end:\n{shared.First.Process.Tail(40)}\nSecond front end:\n{shared.Second.Process.Tail(40)}");
        Assert.Equal(50, verdicts.Count(v => v.Code == "VALID"));
        Assert.Equal(14, verdicts.Count(v => v.Code == "RATE_LIMITED"));
    }

    [Fact]
    public async Task Every_validation_is_answered_once_the_silo_of_the_key_is_declared_dead_and_without_silos_the_front_end_is_not_ready()
    {
        await using var cluster = await TestCluster.StartAsync(2);
        await using var frontend = await FrontendProcess.StartAsync(cluster);
        var key = await frontend.CreateKeyAsync(limit: 1_000_000);
        Assert.Equal((HttpStatusCode.OK, "VALID"), await frontend.ValidateAsync(key));
        var keyGrain = cluster.Client.GetGrain<IApiKeyGrain>(ApiKeySecrets.Hash(key));
        var owner = await cluster.Client.GetGrain<IManagementGrain>(0).GetActivationAddress(keyGrain);
        Assert.NotNull(owner);

        // Validations start every 10 ms, each on its own, so that one waiting on the dead silo holds up no other.
        var outcomes = new List<(TimeSpan At, TimeSpan Took, HttpStatusCode Status, string? Code)>();
        var pending = new List<Task>();
        using var stop = new CancellationTokenSource();
        var clock = Stopwatch.StartNew();
        var validating = Task.Run(async () =>
        {
            using var pace = new PeriodicTimer(TimeSpan.FromMilliseconds(10));
            while (await pace.WaitForNextTickAsync(CancellationToken.None) && !stop.IsCancellationRequested)
            {
                pending.Add(Task.Run(async () =>
                {
                    var started = clock.Elapsed;
                    var (status, code) = await frontend.ValidateAsync(key);
                    lock (outcomes)
                    {
                        outcomes.Add((started, clock.Elapsed - started, status, code));
                    }
                }));
            }
        });
        await Wait.UntilAsync(() => { lock (outcomes) { return outcomes.Count >= 50; } }, TimeSpan.FromSeconds(10), "50 validations before the kill");

        var killedAt = clock.Elapsed;
        cluster.Signal(owner.Endpoint.Port, "KILL");
        await cluster.WaitForDeadAsync(owner.Endpoint.Port, MembershipTests.DetectionBound + TimeSpan.FromSeconds(5));
        // Redis holds the verdict first; the gateways and the front end hear of it by gossip a moment later.
        var deadAt = clock.Elapsed + ViewPropagation;
        await Wait.UntilAsync(
            () => { lock (outcomes) { return outcomes.Count(o => o.At > deadAt && o.Status == HttpStatusCode.OK) >= 200; } },
            TimeSpan.FromSeconds(30), "200 answered validations after the death", cluster.DiagnosticsAsync);
        await stop.CancelAsync();
        await validating;
        await Task.WhenAll(pending);

        foreach (var group in outcomes.GroupBy(o => (Phase: o.At < killedAt ? "before" : o.At < deadAt ? "until dead" : "after", o.Status, o.Code)))
        {
            output.WriteLine($"{group.Key}: {group.Count()}, slowest {group.Max(o => o.Took).TotalSeconds:0.00} s, last start {group.Max(o => o.At).TotalSeconds:0.00} s");
        }

        output.WriteLine($"killed at {killedAt.TotalSeconds:0.00} s, dead at {deadAt.TotalSeconds:0.00} s");
        // Until the cluster knew, a validation could fail (503), but only within the call timeout.
        Assert.All(outcomes, o => Assert.Contains(o.Status, new[] { HttpStatusCode.OK, HttpStatusCode.ServiceUnavailable }));
        Assert.All(outcomes, o => Assert.True(o.Took < TestCluster.CallTimeout + TimeSpan.FromSeconds(2), $"a validation took {o.Took}"));
        // Once it knew, every validation was answered, by the key's grain on the live silo.
        Assert.All(outcomes.Where(o => o.At > deadAt), o => Assert.Equal((HttpStatusCode.OK, "VALID"), (o.Status, o.Code)));
        Assert.NotEqual(owner, await cluster.Client.GetGrain<IManagementGrain>(0).GetActivationAddress(keyGrain));

        foreach (var port in cluster.Silos.Where(s => !s.Value.HasExited).Select(s => s.Key).ToList())
        {
            cluster.Signal(port, "KILL");
        }

        // Readiness makes one grain call with a 3 s timeout.
        await Wait.UntilAsync(
            async () => await frontend.ReadinessAsync() == HttpStatusCode.ServiceUnavailable,
            TimeSpan.FromSeconds(10), "the front end to report itself not ready", cluster.DiagnosticsAsync);
    }
}
