using System.Globalization;
using System.Text.Json;
using System.Text.Json.Serialization;

namespace VetrAI.ApiFrontend.Errors;

/// <summary>Writes every time on the wire as UTC ISO-8601 with a <c>Z</c> (<c>2026-01-01T00:00:00Z</c>,
/// fractions only when there are any); reads any ISO-8601 form.</summary>
public sealed class UtcDateTimeOffsetJsonConverter : JsonConverter<DateTimeOffset>
{
    /// <inheritdoc/>
    public override DateTimeOffset Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options)
        => reader.GetDateTimeOffset();

    /// <inheritdoc/>
    public override void Write(Utf8JsonWriter writer, DateTimeOffset value, JsonSerializerOptions options)
    {
        ArgumentNullException.ThrowIfNull(writer);
        writer.WriteStringValue(value.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss.FFFFFF'Z'", CultureInfo.InvariantCulture));
    }
}
