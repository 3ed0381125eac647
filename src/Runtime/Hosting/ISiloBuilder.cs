using System.Reflection;
using System.Text.Json.Serialization.Metadata;
using Microsoft.Extensions.DependencyInjection;

namespace VetrAI.Runtime;

/// <summary>Configures what a silo hosts: its grain classes, the JSON metadata of the types they
/// exchange, and the SQL migrations their read-side tables need.</summary>
public interface ISiloBuilder
{
    /// <summary>The application's services.</summary>
    IServiceCollection Services { get; }

    /// <summary>Hosts <typeparamref name="TGrain"/> as the implementation of <typeparamref name="TInterface"/>.</summary>
    ISiloBuilder AddGrain<TInterface, TGrain>() where TInterface : IGrain where TGrain : Grain, TInterface;

    /// <summary>Adds source-generated JSON metadata for the types grains exchange and store.</summary>
    ISiloBuilder AddJsonTypeInfoResolver(IJsonTypeInfoResolver resolver);

    /// <summary>Adds the embedded resources of <paramref name="assembly"/> ending in <c>.sql</c> as migrations
    /// of <paramref name="module"/>, applied in name order after the runtime's own, once each.</summary>
    ISiloBuilder AddSchemaMigrations(string module, Assembly assembly);
}
