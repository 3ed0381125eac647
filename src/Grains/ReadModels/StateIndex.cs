using System.Text.Json.Serialization;

namespace VetrAI.Grains.ReadModels;

/// <summary>Implemented by a state whose rows the API lists. Its <see cref="Index"/> is serialized into the
/// state's JSON, and the storage's write statement copies it into the indexed columns of the same row in the
/// same statement, so a list never disagrees with the last acknowledged write.</summary>
internal interface IIndexedState
{
    [JsonPropertyName("index")]
    StateIndex Index { get; }
}

/// <summary>The indexed columns of a state row: the entity's id (the cursor's tie-breaker), its tenant, a
/// status lists filter on, and its creation time (lists are newest first).</summary>
internal sealed record StateIndex(
    [property: JsonPropertyName("id")] string Id,
    [property: JsonPropertyName("tenant_id")] string? TenantId,
    [property: JsonPropertyName("status")] string? Status,
    [property: JsonPropertyName("created_at")] DateTimeOffset CreatedAt);
