using System.Text.Json;
using System.Text.Json.Serialization;

namespace VetrAI.Grains.Abstractions.ApiKeys;

/// <summary>A key's own rate limit: at most <paramref name="Limit"/> validations per
/// <paramref name="WindowSeconds"/>, refilled continuously (token bucket).</summary>
/// <param name="Limit">Bucket size: how many validations may pass in one window.</param>
/// <param name="WindowSeconds">The window over which <paramref name="Limit"/> tokens refill.</param>
[GenerateSerializer, Immutable, Alias("vetrai.RateLimitSetting")]
public sealed record RateLimitSetting(int Limit, int WindowSeconds);

/// <summary>How often a key's credits are refilled.</summary>
[GenerateSerializer, Alias("vetrai.CreditRefillInterval")]
[JsonConverter(typeof(JsonStringEnumConverter<CreditRefillInterval>))]
public enum CreditRefillInterval
{
    /// <summary>At 00:00 UTC every day.</summary>
    [JsonStringEnumMemberName("daily")]
    Daily,

    /// <summary>At 00:00 UTC on the first day of every month.</summary>
    [JsonStringEnumMemberName("monthly")]
    Monthly,
}

/// <summary>Credits are set back to <paramref name="Amount"/> at the start of every interval.</summary>
/// <param name="Interval">Daily or monthly, in UTC.</param>
/// <param name="Amount">The balance after a refill.</param>
[GenerateSerializer, Immutable, Alias("vetrai.CreditRefill")]
public sealed record CreditRefill(CreditRefillInterval Interval, long Amount);

/// <summary>A key's credit balance: every validation costs its <c>cost</c> (default 1) from it.</summary>
/// <param name="Remaining">Credits left.</param>
/// <param name="Refill">The refill schedule, or null for a balance that only goes down.</param>
[GenerateSerializer, Immutable, Alias("vetrai.CreditSetting")]
public sealed record CreditSetting(long Remaining, CreditRefill? Refill);

/// <summary>What a key is created with (and what a roll copies to the new key).</summary>
/// <param name="Name">Display name.</param>
/// <param name="Scopes">The scopes a validation may ask for; empty means the key passes only
/// validations that name no scope.</param>
/// <param name="ExpiresAt">When the key stops being valid, or null for never.</param>
/// <param name="RateLimit">The key's own rate limit, or null for the organization's per-minute limit.</param>
/// <param name="Credits">The key's credits, or null for unlimited.</param>
/// <param name="Metadata">Free-form JSON values kept with the key.</param>
[GenerateSerializer, Immutable, Alias("vetrai.ApiKeySpec")]
public sealed record ApiKeySpec(
    string Name,
    IReadOnlyList<string> Scopes,
    DateTimeOffset? ExpiresAt,
    RateLimitSetting? RateLimit,
    CreditSetting? Credits,
    IReadOnlyDictionary<string, JsonElement> Metadata);
