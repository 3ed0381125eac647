using System.Text.Json.Serialization;
using VetrAI.ApiFrontend.Paging;

namespace VetrAI.ApiFrontend.ApiKeys;

/// <summary>Source-generated JSON for the API-key endpoints' requests and answers (names follow the
/// front end's snake_case options).</summary>
[JsonSerializable(typeof(CreateKeyRequest))]
[JsonSerializable(typeof(RollKeyRequest))]
[JsonSerializable(typeof(UpdateKeyRequest))]
[JsonSerializable(typeof(CreatedKeyResponse))]
[JsonSerializable(typeof(KeyResponse))]
[JsonSerializable(typeof(Page<KeyResponse>))]
[JsonSerializable(typeof(UsageResponse))]
internal sealed partial class ApiKeysHttpJsonContext : JsonSerializerContext;
