using System.Text.Json.Serialization;
using VetrAI.Runtime;

namespace VetrAI.Cluster.TestSilo;

/// <summary>Registers the cluster tests' grains.</summary>
public static class ClusterTestGrains
{
    /// <summary>Hosts the test grains in this silo.</summary>
    public static ISiloBuilder AddClusterTestGrains(this ISiloBuilder builder) =>
        builder.AddGrain<ICounterGrain, CounterGrain>().AddJsonTypeInfoResolver(ClusterTestJsonContext.Default);
}

[JsonSerializable(typeof(CounterState))]
[JsonSerializable(typeof(long))]
[JsonSerializable(typeof(int))]
[JsonSerializable(typeof(string))]
internal sealed partial class ClusterTestJsonContext : JsonSerializerContext;
