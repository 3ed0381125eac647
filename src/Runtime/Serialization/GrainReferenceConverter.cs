using System.Text.Json;
using System.Text.Json.Serialization;
using VetrAI.Runtime.Messaging;

namespace VetrAI.Runtime.Serialization;

/// <summary>Writes a grain reference (a value typed as a grain interface) as its grain id,
/// "type/key", and reads it back as a reference of the declared interface, so grain references can
/// be arguments, results and parts of stored state.</summary>
internal sealed class GrainReferenceConverterFactory(Func<GrainInterfaceRegistry> interfaces) : JsonConverterFactory
{
    public override bool CanConvert(Type typeToConvert) =>
        typeToConvert.IsInterface && typeof(IGrain).IsAssignableFrom(typeToConvert);

    public override JsonConverter CreateConverter(Type typeToConvert, JsonSerializerOptions options) =>
        (JsonConverter)Activator.CreateInstance(typeof(GrainReferenceConverter<>).MakeGenericType(typeToConvert), interfaces)!;

    private sealed class GrainReferenceConverter<TGrain>(Func<GrainInterfaceRegistry> interfaces) : JsonConverter<TGrain>
        where TGrain : class
    {
        public override TGrain? Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options)
        {
            var text = reader.GetString() ?? throw new JsonException($"A {typeof(TGrain).Name} reference must be a \"type/key\" string.");
            var slash = text.IndexOf('/', StringComparison.Ordinal);
            if (slash <= 0)
            {
                throw new JsonException($"'{text}' is not a grain id (\"type/key\").");
            }

            return (TGrain)interfaces().Get(typeof(TGrain)).CreateReference(new GrainId(text[..slash], text[(slash + 1)..]));
        }

        public override void Write(Utf8JsonWriter writer, TGrain value, JsonSerializerOptions options)
        {
            if (value is not GrainProxy reference)
            {
                throw new JsonException($"Only grain references from IGrainFactory can be serialized as {typeof(TGrain).Name}, not {value.GetType().Name}.");
            }

            writer.WriteStringValue(reference.GrainId.ToString());
        }
    }
}
