using System.Reflection;
using System.Text.Json.Serialization;
using VetrAI.Grains.Abstractions.Auth;
using VetrAI.Runtime;

namespace VetrAI.ApiFrontend.Cluster;

/// <summary>A cluster client serializes grain call arguments and results itself: it registers the
/// source-generated JSON contexts of every grain contract (each feature's public context in
/// Grains.Abstractions), found once at start so a new feature needs no line here.</summary>
internal static class GrainContractsJson
{
    public static IClusterClientBuilder AddGrainContractsJson(this IClusterClientBuilder builder)
    {
        var contexts = typeof(Roles).Assembly.GetExportedTypes()
            .Where(type => type.IsSubclassOf(typeof(JsonSerializerContext)) && !type.IsAbstract)
            .OrderBy(type => type.FullName, StringComparer.Ordinal);
        foreach (var context in contexts)
        {
            if (context.GetProperty("Default", BindingFlags.Public | BindingFlags.Static)?.GetValue(null) is JsonSerializerContext instance)
            {
                builder.AddJsonTypeInfoResolver(instance);
            }
        }

        return builder;
    }
}
