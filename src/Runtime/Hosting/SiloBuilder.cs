using System.Reflection;
using System.Text.Json.Serialization.Metadata;
using Microsoft.Extensions.DependencyInjection;

namespace VetrAI.Runtime;

internal sealed class SiloBuilder(IServiceCollection services) : ISiloBuilder
{
    public IServiceCollection Services { get; } = services;

    public ISiloBuilder AddGrain<TInterface, TGrain>() where TInterface : IGrain where TGrain : Grain, TInterface
    {
        Services.AddSingleton(new GrainRegistration(typeof(TInterface), typeof(TGrain)));
        return this;
    }

    public ISiloBuilder AddJsonTypeInfoResolver(IJsonTypeInfoResolver resolver)
    {
        Services.AddSingleton(new JsonResolverRegistration(resolver));
        return this;
    }

    public ISiloBuilder AddSchemaMigrations(string module, Assembly assembly)
    {
        Services.AddSingleton(new MigrationRegistration(module, assembly));
        return this;
    }
}

internal sealed record GrainRegistration(Type Interface, Type Implementation);

internal sealed record JsonResolverRegistration(IJsonTypeInfoResolver Resolver);

internal sealed record MigrationRegistration(string Module, Assembly Assembly);
