using System.Globalization;
using VetrAI.Grains.Abstractions.ApiKeys;
using VetrAI.Grains.Abstractions.Errors;

namespace VetrAI.ApiFrontend.ApiKeys;

/// <summary>The wire names of the API-key enums and the parsing of the usage query.</summary>
internal static class ApiKeyQueryValues
{
    public static string Name(UsageGranularity granularity) => granularity switch
    {
        UsageGranularity.Minute => "minute",
        UsageGranularity.Hour => "hour",
        _ => "day",
    };

    public static string Name(ApiKeyValidationCode code) => code switch
    {
        ApiKeyValidationCode.Valid => "VALID",
        ApiKeyValidationCode.NotFound => "NOT_FOUND",
        ApiKeyValidationCode.Revoked => "REVOKED",
        ApiKeyValidationCode.Expired => "EXPIRED",
        ApiKeyValidationCode.Disabled => "DISABLED",
        ApiKeyValidationCode.InsufficientScope => "INSUFFICIENT_SCOPE",
        ApiKeyValidationCode.RateLimited => "RATE_LIMITED",
        _ => "USAGE_EXCEEDED",
    };

    /// <summary>The usage query: <c>granularity</c> (default hour), <c>to</c> (default now) and <c>from</c>
    /// (default one hour, one day or thirty days before <c>to</c>, by granularity).</summary>
    public static (DateTimeOffset From, DateTimeOffset To, UsageGranularity Granularity) ParseUsageQuery(
        string? from, string? to, string? granularity, DateTimeOffset now)
    {
        var g = granularity switch
        {
            null or "" or "hour" => UsageGranularity.Hour,
            "minute" => UsageGranularity.Minute,
            "day" => UsageGranularity.Day,
            _ => throw new InvalidInputException("granularity must be minute, hour or day."),
        };
        var end = string.IsNullOrEmpty(to) ? now : ParseTime(to, "to");
        var start = string.IsNullOrEmpty(from)
            ? end - g switch
            {
                UsageGranularity.Minute => TimeSpan.FromHours(1),
                UsageGranularity.Hour => TimeSpan.FromDays(1),
                _ => TimeSpan.FromDays(30),
            }
            : ParseTime(from, "from");
        return (start, end, g);
    }

    private static DateTimeOffset ParseTime(string value, string name)
        => DateTimeOffset.TryParse(value, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal | DateTimeStyles.AdjustToUniversal, out var time)
            ? time
            : throw new InvalidInputException($"{name} must be an ISO-8601 time, e.g. 2026-01-01T00:00:00Z.");
}
