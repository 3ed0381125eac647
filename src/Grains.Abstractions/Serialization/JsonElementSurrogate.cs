using System.Text.Json;

namespace VetrAI.Grains.Abstractions.Serialization;

/// <summary>How a <see cref="JsonElement"/> (key metadata, job payloads and results) crosses a grain
/// boundary: as its raw JSON text. Orleans has no codec of its own for it.</summary>
[GenerateSerializer, Immutable, Alias("vetrai.JsonElement")]
public readonly record struct JsonElementSurrogate([property: Id(0)] string RawJson);

/// <summary>Converts <see cref="JsonElement"/> to and from <see cref="JsonElementSurrogate"/> for Orleans' serializer.</summary>
[RegisterConverter]
public sealed class JsonElementSurrogateConverter : IConverter<JsonElement, JsonElementSurrogate>
{
    /// <inheritdoc/>
    public JsonElement ConvertFromSurrogate(in JsonElementSurrogate surrogate)
    {
        using var document = JsonDocument.Parse(surrogate.RawJson);
        return document.RootElement.Clone();
    }

    /// <inheritdoc/>
    public JsonElementSurrogate ConvertToSurrogate(in JsonElement value) => new(value.GetRawText());
}
