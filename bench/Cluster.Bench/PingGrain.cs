using Orleans.Placement;

namespace VetrAI.Cluster.Bench;

/// <summary>The smallest useful grain call: an argument in, a result out, no I/O.</summary>
[Alias("bench.IPingGrain")]
public interface IPingGrain : IGrainWithStringKey
{
    /// <summary>Answers <paramref name="value"/> plus one.</summary>
    [Alias("Ping")]
    Task<int> PingAsync(int value);

    /// <summary>The address of the silo the activation lives on.</summary>
    [Alias("Where")]
    Task<string> WhereAsync();
}

// Random placement puts about half of the grains on the other silo wherever the first call comes from; the
// benchmark keeps the keys that landed there. (Orleans' default, resource-optimized placement, favours the
// caller's silo.)
[RandomPlacement]
internal sealed class PingGrain : Grain, IPingGrain
{
    public Task<int> PingAsync(int value) => Task.FromResult(value + 1);

    public Task<string> WhereAsync() => Task.FromResult(RuntimeIdentity);
}
