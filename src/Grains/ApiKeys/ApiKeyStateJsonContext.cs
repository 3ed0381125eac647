using System.Text.Json.Serialization;

namespace VetrAI.Grains.ApiKeys;

/// <summary>Source-generated JSON metadata for the stored states of the API-key grains.</summary>
[JsonSerializable(typeof(ApiKeyState))]
[JsonSerializable(typeof(ApiKeyRegistryState))]
[JsonSerializable(typeof(ApiKeyQuotaState))]
internal sealed partial class ApiKeyStateJsonContext : JsonSerializerContext;
