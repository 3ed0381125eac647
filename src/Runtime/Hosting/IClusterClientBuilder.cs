using System.Text.Json.Serialization.Metadata;
using Microsoft.Extensions.DependencyInjection;

namespace VetrAI.Runtime;

/// <summary>Configures a cluster client: the JSON metadata of the types its grain calls exchange
/// (without it, those types are serialized by reflection).</summary>
public interface IClusterClientBuilder
{
    /// <summary>The application's services.</summary>
    IServiceCollection Services { get; }

    /// <summary>Adds source-generated JSON metadata for the types grain calls exchange.</summary>
    IClusterClientBuilder AddJsonTypeInfoResolver(IJsonTypeInfoResolver resolver);
}

internal sealed class ClusterClientBuilder(IServiceCollection services) : IClusterClientBuilder
{
    public IServiceCollection Services { get; } = services;

    public IClusterClientBuilder AddJsonTypeInfoResolver(IJsonTypeInfoResolver resolver)
    {
        Services.AddSingleton(new JsonResolverRegistration(resolver));
        return this;
    }
}
