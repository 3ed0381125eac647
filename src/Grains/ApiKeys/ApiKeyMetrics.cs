using System.Diagnostics.Metrics;
using System.Reflection;
using System.Text.Json.Serialization;
using VetrAI.Grains.Abstractions.ApiKeys;
using VetrAI.Grains.Telemetry;

namespace VetrAI.Grains.ApiKeys;

/// <summary>Validation counts. Called on the validation hot path: every tag is built once here, so recording is
/// one <see cref="Counter{T}.Add(T, KeyValuePair{string, object?})"/> with no allocation.</summary>
internal sealed class ApiKeyMetrics
{
    private static readonly KeyValuePair<string, object?>[] _codeTags =
        [.. Enum.GetValues<ApiKeyValidationCode>().Select(code => new KeyValuePair<string, object?>("vetrai.api_key.code", CodeName(code)))];

    private static readonly KeyValuePair<string, object?> _ownLimit = new("vetrai.rate_limit.source", "key");
    private static readonly KeyValuePair<string, object?> _organizationLimit = new("vetrai.rate_limit.source", "organization");
    private static readonly KeyValuePair<string, object?> _credits = new("vetrai.quota.kind", "credits");
    private static readonly KeyValuePair<string, object?> _monthlyRequests = new("vetrai.quota.kind", "monthly_requests");

    private readonly Counter<long> _validations;
    private readonly Counter<long> _rateLimited;
    private readonly Counter<long> _quotaExceeded;

    public ApiKeyMetrics(IMeterFactory meters)
    {
        ArgumentNullException.ThrowIfNull(meters);
        var meter = meters.Create(VetrAIMeter.Name);
        _validations = meter.CreateCounter<long>("vetrai.api_key.validations", "{validation}", "API-key validations answered, by result code.");
        _rateLimited = meter.CreateCounter<long>("vetrai.api_key.rate_limited", "{validation}", "Validations refused because the key's token bucket was empty.");
        _quotaExceeded = meter.CreateCounter<long>("vetrai.api_key.quota_exceeded", "{validation}", "Validations refused because the key's credits or the organization's monthly requests were used up.");
    }

    public void Validated(ApiKeyValidationCode code) => _validations.Add(1, _codeTags[(int)code]);

    /// <summary><paramref name="ownLimit"/>: the key's own limit, not its organization's plan limit.</summary>
    public void RateLimited(bool ownLimit) => _rateLimited.Add(1, ownLimit ? _ownLimit : _organizationLimit);

    public void QuotaExceeded(bool credits) => _quotaExceeded.Add(1, credits ? _credits : _monthlyRequests);

    /// <summary>The code as the API spells it (<c>VALID</c>, <c>RATE_LIMITED</c>, ...): the enum's JSON name.</summary>
    private static string CodeName(ApiKeyValidationCode code) =>
        typeof(ApiKeyValidationCode).GetField(code.ToString())!.GetCustomAttribute<JsonStringEnumMemberNameAttribute>()!.Name;
}
