using VetrAI.Runtime;

namespace VetrAI.Cluster.Bench;

/// <summary>The smallest useful grain call: an argument in, a result out, no I/O.</summary>
[GrainType("bench.ping")]
public interface IPingGrain : IGrainWithStringKey
{
    /// <summary>Answers <paramref name="value"/> plus one.</summary>
    Task<int> PingAsync(int value);
}

internal sealed class PingGrain : Grain, IPingGrain
{
    public Task<int> PingAsync(int value) => Task.FromResult(value + 1);
}
