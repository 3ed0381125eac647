using System.Text.Json.Serialization;

namespace VetrAI.Grains.Abstractions.ApiKeys;

/// <summary>The bucket size of a usage report.</summary>
[GenerateSerializer, Alias("vetrai.UsageGranularity")]
[JsonConverter(typeof(JsonStringEnumConverter<UsageGranularity>))]
public enum UsageGranularity
{
    /// <summary>One bucket per minute.</summary>
    [JsonStringEnumMemberName("minute")]
    Minute,

    /// <summary>One bucket per hour.</summary>
    [JsonStringEnumMemberName("hour")]
    Hour,

    /// <summary>One bucket per UTC day.</summary>
    [JsonStringEnumMemberName("day")]
    Day,
}

/// <summary>Validation counts of one bucket.</summary>
/// <param name="Start">The bucket's start (UTC).</param>
/// <param name="Valid">Validations answered VALID.</param>
/// <param name="Rejected">Validations answered with any other code.</param>
/// <param name="RejectedByCode">The rejections split by code (only codes that occurred).</param>
[GenerateSerializer, Immutable, Alias("vetrai.ApiKeyUsageBucket")]
public sealed record ApiKeyUsageBucket(
    DateTimeOffset Start,
    long Valid,
    long Rejected,
    IReadOnlyDictionary<ApiKeyValidationCode, long> RejectedByCode);

/// <summary>A key's validation counts over a time range; buckets without any validation are left out.</summary>
/// <param name="KeyId">The key.</param>
/// <param name="Granularity">The bucket size.</param>
/// <param name="From">Start of the range (inclusive, truncated to the granularity).</param>
/// <param name="To">End of the range (exclusive).</param>
/// <param name="Buckets">Non-empty buckets, oldest first.</param>
[GenerateSerializer, Immutable, Alias("vetrai.ApiKeyUsageReport")]
public sealed record ApiKeyUsageReport(
    string KeyId,
    UsageGranularity Granularity,
    DateTimeOffset From,
    DateTimeOffset To,
    IReadOnlyList<ApiKeyUsageBucket> Buckets);
