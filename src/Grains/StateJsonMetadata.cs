using System.Text.Json.Serialization.Metadata;
using Microsoft.Extensions.DependencyInjection;

namespace VetrAI.Grains;

/// <summary>Source-generated JSON metadata for grain state types. The silo's storage serializer combines every
/// registered one, so state is stored as readable JSON without reflection (state types stay internal here).</summary>
public sealed record StateJsonMetadata(IJsonTypeInfoResolver Resolver);

internal static class StateJsonMetadataExtensions
{
    /// <summary>Registers JSON metadata for the state (and the records inside it) of a feature's grains.</summary>
    public static ISiloBuilder AddStateJson(this ISiloBuilder builder, IJsonTypeInfoResolver resolver)
    {
        builder.Services.AddSingleton(new StateJsonMetadata(resolver));
        return builder;
    }
}
