using VetrAI.Runtime.Membership;
using VetrAI.Runtime.Placement;

namespace VetrAI.Runtime.Tests.Cluster;

public sealed class PlacementTests
{
    private static readonly SiloAddress A = new("10.0.0.1", 11111, 1);
    private static readonly SiloAddress B = new("10.0.0.2", 11111, 1);
    private static readonly SiloAddress C = new("10.0.0.3", 11111, 1);

    [Fact]
    public void Grains_spread_over_every_active_silo()
    {
        var placement = Placement(A, B, C);
        var counts = Grains(3000).GroupBy(g => placement.GetOwner(g)!.Value).ToDictionary(g => g.Key, g => g.Count());

        Assert.Equal(3, counts.Count);
        Assert.All(counts.Values, count => Assert.InRange(count, 800, 1200));
    }

    [Fact]
    public void A_silo_leaving_moves_only_its_own_grains()
    {
        var before = Placement(A, B, C);
        var after = Placement(A, C);

        foreach (var grain in Grains(2000))
        {
            var owner = before.GetOwner(grain);
            if (owner != B)
            {
                Assert.Equal(owner, after.GetOwner(grain));
            }
        }
    }

    [Fact]
    public void The_hash_is_the_same_in_every_process()
    {
        // Fixed values: a change here would move every grain of a running cluster.
        Assert.Equal(StableHash.Of("apikey/abc"), StableHash.Of(new GrainId("apikey", "abc")));
        Assert.Equal(5861412274881597248UL, StableHash.Of("apikey/abc"));
        Assert.NotEqual(StableHash.Of(new GrainId("apikey", "abc")), StableHash.Of(new GrainId("apikey", "abd")));
    }

    private static IEnumerable<GrainId> Grains(int count) =>
        Enumerable.Range(0, count).Select(i => new GrainId("counter", $"key-{i}"));

    /// <summary>Placement as a client sees it: the owner is never "this process".</summary>
    private static RendezvousPlacementDirector Placement(params SiloAddress[] active)
    {
        var view = new MembershipView(
            1, [.. active.Select(a => new ClusterSilo(a, SiloStatus.Active, DateTimeOffset.UnixEpoch, DateTimeOffset.UnixEpoch, 0))]);
        return new RendezvousPlacementDirector(TestMembership.Create(view), new LocalSiloIdentity(isSilo: false));
    }
}
