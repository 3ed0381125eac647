using System.Text.Json;
using System.Text.Json.Serialization.Metadata;
using Orleans.Storage;
using VetrAI.Grains;

namespace VetrAI.Silo.Storage;

/// <summary>Stores grain state as plain UTF-8 JSON (the write statement keeps it as <c>jsonb</c>, readable with
/// psql and queryable by the read models) through the source-generated metadata each feature registers. Orleans'
/// default storage serializer writes Newtonsoft JSON with .NET type names, which ties rows to class names.</summary>
internal sealed class JsonGrainStorageSerializer(IEnumerable<StateJsonMetadata> metadata) : IGrainStorageSerializer
{
    private readonly JsonSerializerOptions _options = new()
    {
        TypeInfoResolver = JsonTypeInfoResolver.Combine([.. metadata.Select(m => m.Resolver)]),
    };

    public BinaryData Serialize<T>(T? input) => new(JsonSerializer.SerializeToUtf8Bytes(input!, TypeInfo<T>()));

    public T Deserialize<T>(BinaryData input)
    {
        ArgumentNullException.ThrowIfNull(input);
        return JsonSerializer.Deserialize(input.ToMemory().Span, TypeInfo<T>())
            ?? throw new JsonException($"The stored state of type {typeof(T).Name} is JSON null.");
    }

    private JsonTypeInfo<T> TypeInfo<T>() =>
        (JsonTypeInfo<T>?)_options.GetTypeInfo(typeof(T))
        ?? throw new InvalidOperationException($"No JSON metadata for state type {typeof(T).Name}: register its context with AddStateJson.");
}
