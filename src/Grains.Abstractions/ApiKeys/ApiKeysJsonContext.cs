using System.Text.Json.Serialization;

namespace VetrAI.Grains.Abstractions.ApiKeys;

/// <summary>Source-generated JSON metadata for everything the API-key grains exchange.</summary>
[JsonSerializable(typeof(ApiKeyIdentity))]
[JsonSerializable(typeof(ApiKeySpec))]
[JsonSerializable(typeof(ApiKeyInfo))]
[JsonSerializable(typeof(NewApiKey))]
[JsonSerializable(typeof(ApiKeyPage))]
[JsonSerializable(typeof(ApiKeyVerdict))]
[JsonSerializable(typeof(ApiKeyUsageReport))]
[JsonSerializable(typeof(ApiKeyQuotaSnapshot))]
[JsonSerializable(typeof(UsageGranularity))]
[JsonSerializable(typeof(DateTimeOffset))]
[JsonSerializable(typeof(string))]
[JsonSerializable(typeof(int))]
[JsonSerializable(typeof(long))]
[JsonSerializable(typeof(bool))]
public sealed partial class ApiKeysJsonContext : JsonSerializerContext;
