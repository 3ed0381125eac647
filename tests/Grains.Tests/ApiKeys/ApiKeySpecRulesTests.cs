using System.Text.Json;
using VetrAI.Grains.Abstractions.ApiKeys;
using VetrAI.Grains.Abstractions.Errors;
using VetrAI.Grains.ApiKeys;

namespace VetrAI.Grains.Tests.ApiKeys;

public sealed class ApiKeySpecRulesTests
{
    private static readonly DateTimeOffset Now = new(2026, 3, 10, 12, 0, 0, TimeSpan.Zero);
    private static readonly ApiKeySpec Good = new("ci", ["tickets:read"], Now.AddDays(1), new RateLimitSetting(5, 60),
        new CreditSetting(10, new CreditRefill(CreditRefillInterval.Daily, 10)), new Dictionary<string, JsonElement>());

    [Fact]
    public void A_good_spec_passes() => ApiKeySpecRules.Validate(Good, Now);

    public static TheoryData<string, ApiKeySpec> BadSpecs() => new()
    {
        { "name", Good with { Name = " " } },
        { "name", Good with { Name = new string('x', 101) } },
        { "scope", Good with { Scopes = ["has space"] } },
        { "repeat", Good with { Scopes = ["a", "a"] } },
        { "expires_at", Good with { ExpiresAt = Now } },
        { "rate_limit.limit", Good with { RateLimit = new RateLimitSetting(0, 60) } },
        { "rate_limit.window_seconds", Good with { RateLimit = new RateLimitSetting(5, 86_401) } },
        { "credits.remaining", Good with { Credits = new CreditSetting(-1, null) } },
        { "credits.refill.amount", Good with { Credits = new CreditSetting(1, new CreditRefill(CreditRefillInterval.Monthly, 0)) } },
        { "credits.refill.interval", Good with { Credits = new CreditSetting(1, new CreditRefill((CreditRefillInterval)7, 1)) } },
    };

    [Theory]
    [MemberData(nameof(BadSpecs))]
    public void A_bad_spec_is_refused_naming_the_field(string field, ApiKeySpec spec)
    {
        var error = Assert.Throws<InvalidInputException>(() => ApiKeySpecRules.Validate(spec, Now));
        Assert.Contains(field, error.Message, StringComparison.Ordinal);
    }
}
