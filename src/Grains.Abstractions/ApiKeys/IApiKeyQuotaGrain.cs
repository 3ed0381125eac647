
namespace VetrAI.Grains.Abstractions.ApiKeys;

/// <summary>What a key grain needs to know about its organization to validate alone.</summary>
/// <param name="MonthStart">The UTC month the count is for.</param>
/// <param name="MonthUsed">VALID validations of all the organization's keys this month, as reported so far.</param>
/// <param name="MonthlyRequests">The organization's monthly quota, or null for none.</param>
/// <param name="RateLimitPerMinute">The organization's per-key rate limit, used by keys without their own.</param>
[GenerateSerializer, Immutable, Alias("vetrai.ApiKeyQuotaSnapshot")]
public sealed record ApiKeyQuotaSnapshot(DateTimeOffset MonthStart, long MonthUsed, long? MonthlyRequests, int RateLimitPerMinute);

/// <summary>An organization's monthly request count across its keys, keyed by organization id. Key grains
/// report what they counted at every usage flush and get back the month's total, so the quota is enforced
/// without a call per validation; the overshoot is bounded by one flush interval of traffic.</summary>
[Alias("apikeyquota")]
public interface IApiKeyQuotaGrain : IGrainWithStringKey
{
    /// <summary>Adds <paramref name="valid"/> VALID validations counted in the month starting at
    /// <paramref name="monthStart"/> (ignored if that is not the current month) and answers the current totals and limits.</summary>
    Task<ApiKeyQuotaSnapshot> ReportAsync(DateTimeOffset monthStart, long valid);

    /// <summary>The organization's limits changed (a plan change): the next report reads them again, so every key
    /// obeys them after its next usage flush.</summary>
    Task LimitsChangedAsync();
}
