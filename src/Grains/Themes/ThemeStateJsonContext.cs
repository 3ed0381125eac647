using System.Text.Json.Serialization;

namespace VetrAI.Grains.Themes;

/// <summary>Themes' stored state as readable snake_case JSON.</summary>
[JsonSourceGenerationOptions(PropertyNamingPolicy = JsonKnownNamingPolicy.SnakeCaseLower)]
[JsonSerializable(typeof(ThemeState))]
internal sealed partial class ThemeStateJsonContext : JsonSerializerContext;
