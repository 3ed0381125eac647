namespace VetrAI.Cluster.TestSilo;

/// <summary>The counter's stored state (JSON in <c>grain_storage</c>).</summary>
[GenerateSerializer, Immutable, Alias("clustertest.CounterState")]
public sealed record CounterState
{
    /// <summary>The persisted total.</summary>
    [Id(0)]
    public long Total { get; init; }
}
