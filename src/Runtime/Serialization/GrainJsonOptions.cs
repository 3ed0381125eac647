using System.Collections.Concurrent;
using System.Text.Json;
using System.Text.Json.Serialization.Metadata;
using Microsoft.Extensions.DependencyInjection;
using VetrAI.Runtime.Messaging;

namespace VetrAI.Runtime.Serialization;

/// <summary>The one set of JSON options the runtime uses for grain state, copies and remote calls:
/// source-generated metadata from the registered resolvers first, reflection for anything else.</summary>
internal sealed class GrainJsonOptions
{
    private readonly ConcurrentDictionary<Type, object?> _copiers = new();

    public GrainJsonOptions(IEnumerable<JsonResolverRegistration> registrations, IServiceProvider services)
    {
        var resolvers = registrations.Select(r => r.Resolver).Append(new DefaultJsonTypeInfoResolver()).ToArray();
        var options = new JsonSerializerOptions { TypeInfoResolver = JsonTypeInfoResolver.Combine(resolvers) };
        // The registry needs these options, so the converter finds it only when it first runs.
        options.Converters.Add(new GrainReferenceConverterFactory(() => services.GetRequiredService<GrainInterfaceRegistry>()));
        options.MakeReadOnly();
        Options = options;
    }

    public JsonSerializerOptions Options { get; }

    public JsonTypeInfo<T> GetTypeInfo<T>() => (JsonTypeInfo<T>)Options.GetTypeInfo(typeof(T));

    public JsonTypeInfo GetTypeInfo(Type type) => Options.GetTypeInfo(type);

    /// <summary>A function that deep-copies a <typeparamref name="T"/>, or null when values of the type
    /// are immutable and pass as they are. Decided once per type.</summary>
    public Func<T, T>? GetCopier<T>() =>
        (Func<T, T>?)_copiers.GetOrAdd(typeof(T), static (_, self) => self.CreateCopier<T>(), this);

    /// <summary>The untyped form of <see cref="GetCopier{T}"/>, for argument arrays.</summary>
    public Func<object?, object?>? GetBoxedCopier(Type type)
    {
        if (ImmutableTypes.IsImmutable(type))
        {
            return null;
        }

        if (type == typeof(object) || type.IsInterface || type.IsAbstract)
        {
            // The declared type says too little: copy by what the value really is.
            return value => value is null || ImmutableTypes.IsImmutable(value.GetType()) ? value : Copy(value, Options.GetTypeInfo(value.GetType()));
        }

        var typeInfo = Options.GetTypeInfo(type);
        return value => value is null ? null : Copy(value, typeInfo);
    }

    private static object? Copy(object value, JsonTypeInfo typeInfo) =>
        JsonSerializer.Deserialize(JsonSerializer.SerializeToUtf8Bytes(value, typeInfo), typeInfo);

    private Func<T, T>? CreateCopier<T>()
    {
        if (ImmutableTypes.IsImmutable(typeof(T)))
        {
            return null;
        }

        var typeInfo = GetTypeInfo<T>();
        return value => value is null ? value : JsonSerializer.Deserialize(JsonSerializer.SerializeToUtf8Bytes(value, typeInfo), typeInfo)!;
    }
}
