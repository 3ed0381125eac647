using System.Text.Json;
using System.Text.Json.Serialization.Metadata;

namespace VetrAI.Grains.ReadModels;

/// <summary>The JSON form of grain state: the silo's storage serializer writes it, the read models read it back.
/// Built from the source-generated metadata every feature registers (<see cref="StateJsonMetadata"/>).</summary>
public sealed class GrainStateJson(IEnumerable<StateJsonMetadata> metadata)
{
    private readonly JsonSerializerOptions _options = new()
    {
        TypeInfoResolver = JsonTypeInfoResolver.Combine([.. metadata.Select(m => m.Resolver)]),
    };

    /// <summary>The metadata of state type <typeparamref name="T"/>.</summary>
    /// <exception cref="InvalidOperationException">No feature registered it.</exception>
    public JsonTypeInfo<T> TypeInfo<T>() =>
        (JsonTypeInfo<T>?)_options.GetTypeInfo(typeof(T))
        ?? throw new InvalidOperationException($"No JSON metadata for state type {typeof(T).Name}: register its context with AddStateJson.");

    /// <summary>Reads a stored state.</summary>
    public T Deserialize<T>(ReadOnlySpan<byte> utf8Json) =>
        JsonSerializer.Deserialize(utf8Json, TypeInfo<T>())
        ?? throw new JsonException($"The stored state of type {typeof(T).Name} is JSON null.");

    /// <summary>Reads a stored state.</summary>
    public T Deserialize<T>(string json) =>
        JsonSerializer.Deserialize(json, TypeInfo<T>())
        ?? throw new JsonException($"The stored state of type {typeof(T).Name} is JSON null.");

    /// <summary>Writes a state.</summary>
    public byte[] Serialize<T>(T state) => JsonSerializer.SerializeToUtf8Bytes(state, TypeInfo<T>());
}
