using System.Text.Json.Serialization;
using Microsoft.Extensions.DependencyInjection;
using VetrAI.Grains;

namespace VetrAI.Cluster.TestSilo;

/// <summary>Adds what the test grains need beyond Orleans' discovery of grain classes: the JSON metadata of their
/// state, for the silo's JSON storage serializer.</summary>
public static class ClusterTestGrains
{
    public static ISiloBuilder AddClusterTestGrains(this ISiloBuilder silo)
    {
        ArgumentNullException.ThrowIfNull(silo);
        silo.Services.AddSingleton(new StateJsonMetadata(ClusterTestJsonContext.Default));
        return silo;
    }
}

[JsonSerializable(typeof(CounterState))]
internal sealed partial class ClusterTestJsonContext : JsonSerializerContext;
