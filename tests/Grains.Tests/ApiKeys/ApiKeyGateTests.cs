using System.Text.Json;
using VetrAI.Grains.Abstractions.ApiKeys;
using VetrAI.Grains.ApiKeys;

namespace VetrAI.Grains.Tests.ApiKeys;

public sealed class ApiKeyGateTests
{
    private static readonly DateTimeOffset Start = new(2026, 3, 10, 12, 0, 0, TimeSpan.Zero);
    private readonly ManualClock _clock = new(Start);

    private ApiKeyGate Gate(ApiKeyState key, ApiKeyQuotaSnapshot? quota = null)
    {
        var gate = new ApiKeyGate(_clock, fallbackRateLimitPerMinute: 60);
        gate.Load(key);
        if (quota is not null)
        {
            gate.QuotaReported(default, 0, quota);
        }

        return gate;
    }

    private static ApiKeyState Key(
        RateLimitSetting? rateLimit = null, CreditState? credits = null, DateTimeOffset? expiresAt = null,
        bool enabled = true, DateTimeOffset? revokedAt = null, params string[] scopes) => new()
        {
            Id = "k1",
            OrganizationId = "o1",
            Prefix = "vetrai_abcdef",
            Name = "test",
            Scopes = scopes,
            ExpiresAt = expiresAt,
            RateLimit = rateLimit,
            Credits = credits,
            Enabled = enabled,
            RevokedAt = revokedAt,
            CreatedAt = Start.AddDays(-1),
            Metadata = new Dictionary<string, JsonElement>(),
        };

    [Fact]
    public void Unknown_hash_is_not_found_and_counts_nothing()
    {
        var gate = new ApiKeyGate(_clock, 60);
        Assert.Same(ApiKeyVerdict.NotFound, gate.Validate(null, 1));
        Assert.False(gate.HasPendingUsage);
    }

    [Fact]
    public void Sixth_validation_at_five_per_minute_is_rate_limited_with_nothing_remaining()
    {
        var gate = Gate(Key(new RateLimitSetting(5, 60)));
        for (var i = 0; i < 5; i++)
        {
            var ok = gate.Validate(null, 1);
            Assert.Equal(ApiKeyValidationCode.Valid, ok.Code);
            Assert.Equal(4 - i, ok.Ratelimit!.Remaining);
        }

        var limited = gate.Validate(null, 1);
        Assert.Equal(ApiKeyValidationCode.RateLimited, limited.Code);
        Assert.False(limited.Valid);
        Assert.Equal(5, limited.Ratelimit!.Limit);
        Assert.Equal(0, limited.Ratelimit.Remaining);
        Assert.Equal(Start.AddMinutes(1), limited.Ratelimit.ResetAt);
    }

    [Fact]
    public void Tokens_come_back_at_the_limit_per_window()
    {
        var gate = Gate(Key(new RateLimitSetting(5, 60)));
        for (var i = 0; i < 5; i++)
        {
            gate.Validate(null, 1);
        }

        _clock.Advance(TimeSpan.FromSeconds(11));
        Assert.Equal(ApiKeyValidationCode.RateLimited, gate.Validate(null, 1).Code);
        _clock.Advance(TimeSpan.FromSeconds(1));
        Assert.Equal(ApiKeyValidationCode.Valid, gate.Validate(null, 1).Code);
        Assert.Equal(ApiKeyValidationCode.RateLimited, gate.Validate(null, 1).Code);
        _clock.Advance(TimeSpan.FromMinutes(5));
        var full = gate.Validate(null, 1);
        Assert.Equal(4, full.Ratelimit!.Remaining);
    }

    [Fact]
    public void Without_its_own_limit_a_key_uses_the_organizations_per_minute_limit()
    {
        var gate = Gate(Key(), new ApiKeyQuotaSnapshot(new DateTimeOffset(2026, 3, 1, 0, 0, 0, TimeSpan.Zero), 0, null, 3));
        Assert.Equal(3, gate.Validate(null, 1).Ratelimit!.Limit);
        gate.Validate(null, 1);
        gate.Validate(null, 1);
        Assert.Equal(ApiKeyValidationCode.RateLimited, gate.Validate(null, 1).Code);
    }

    [Fact]
    public void Checks_run_in_the_documented_order()
    {
        var everythingWrong = Key(
            new RateLimitSetting(1, 60),
            new CreditState(0, null, Start),
            expiresAt: Start.AddSeconds(-1),
            enabled: false,
            revokedAt: Start.AddSeconds(-5),
            scopes: "read");
        Assert.Equal(ApiKeyValidationCode.Revoked, Gate(everythingWrong).Validate("write", 1).Code);
        Assert.Equal(ApiKeyValidationCode.Expired, Gate(everythingWrong with { RevokedAt = null }).Validate("write", 1).Code);
        Assert.Equal(ApiKeyValidationCode.Disabled, Gate(everythingWrong with { RevokedAt = null, ExpiresAt = null }).Validate("write", 1).Code);
        var enabled = everythingWrong with { RevokedAt = null, ExpiresAt = null, Enabled = true };
        Assert.Equal(ApiKeyValidationCode.InsufficientScope, Gate(enabled).Validate("write", 1).Code);
        Assert.Equal(ApiKeyValidationCode.UsageExceeded, Gate(enabled).Validate("read", 1).Code);
        var gate = Gate(enabled with { Credits = null });
        Assert.Equal(ApiKeyValidationCode.Valid, gate.Validate("read", 1).Code);
        Assert.Equal(ApiKeyValidationCode.RateLimited, gate.Validate("read", 1).Code);
    }

    [Fact]
    public void Expiry_is_exact_to_the_tick()
    {
        var gate = Gate(Key(expiresAt: Start.AddSeconds(1)));
        Assert.Equal(ApiKeyValidationCode.Valid, gate.Validate(null, 1).Code);
        _clock.Advance(TimeSpan.FromSeconds(1));
        Assert.Equal(ApiKeyValidationCode.Expired, gate.Validate(null, 1).Code);
    }

    [Fact]
    public void Credits_pay_for_each_call_by_its_cost_and_run_out_into_usage_exceeded()
    {
        var gate = Gate(Key(credits: new CreditState(5, null, Start)));
        Assert.Equal(3, gate.Validate(null, 2).CreditsRemaining);
        Assert.Equal(0, gate.Validate(null, 3).CreditsRemaining);
        var exceeded = gate.Validate(null, 1);
        Assert.Equal(ApiKeyValidationCode.UsageExceeded, exceeded.Code);
        Assert.Equal(0, exceeded.CreditsRemaining);
        Assert.Equal(ApiKeyValidationCode.Valid, gate.Validate(null, 0).Code);
    }

    [Fact]
    public void A_rejected_call_takes_neither_a_token_nor_credits()
    {
        var gate = Gate(Key(new RateLimitSetting(2, 60), new CreditState(1, null, Start)));
        Assert.Equal(ApiKeyValidationCode.UsageExceeded, gate.Validate(null, 2).Code);
        var ok = gate.Validate(null, 1);
        Assert.Equal(ApiKeyValidationCode.Valid, ok.Code);
        Assert.Equal(1, ok.Ratelimit!.Remaining);
    }

    [Fact]
    public void Daily_credits_refill_at_midnight_utc_to_the_refill_amount()
    {
        var gate = Gate(Key(credits: new CreditState(1, new CreditRefill(CreditRefillInterval.Daily, 3), Start)));
        Assert.Equal(ApiKeyValidationCode.Valid, gate.Validate(null, 1).Code);
        Assert.Equal(ApiKeyValidationCode.UsageExceeded, gate.Validate(null, 1).Code);
        _clock.Set(new DateTimeOffset(2026, 3, 10, 23, 59, 59, TimeSpan.Zero));
        Assert.Equal(ApiKeyValidationCode.UsageExceeded, gate.Validate(null, 1).Code);
        _clock.Set(new DateTimeOffset(2026, 3, 11, 0, 0, 0, TimeSpan.Zero));
        Assert.Equal(2, gate.Validate(null, 1).CreditsRemaining);
        Assert.Equal(1, gate.Validate(null, 1).CreditsRemaining);
    }

    [Fact]
    public void Monthly_credits_refill_on_the_first_of_the_month()
    {
        var gate = Gate(Key(credits: new CreditState(0, new CreditRefill(CreditRefillInterval.Monthly, 10), Start)));
        _clock.Set(new DateTimeOffset(2026, 3, 31, 23, 0, 0, TimeSpan.Zero));
        Assert.Equal(ApiKeyValidationCode.UsageExceeded, gate.Validate(null, 1).Code);
        _clock.Set(new DateTimeOffset(2026, 4, 1, 0, 0, 1, TimeSpan.Zero));
        Assert.Equal(9, gate.Validate(null, 1).CreditsRemaining);
    }

    [Fact]
    public void The_organizations_monthly_quota_counts_reported_and_unreported_validations()
    {
        var march = new DateTimeOffset(2026, 3, 1, 0, 0, 0, TimeSpan.Zero);
        var gate = Gate(Key(new RateLimitSetting(1000, 60)), new ApiKeyQuotaSnapshot(march, 7, 10, 60));
        Assert.Equal(ApiKeyValidationCode.Valid, gate.Validate(null, 1).Code);
        Assert.Equal(ApiKeyValidationCode.Valid, gate.Validate(null, 1).Code);
        Assert.Equal(ApiKeyValidationCode.Valid, gate.Validate(null, 1).Code);
        Assert.Equal(ApiKeyValidationCode.UsageExceeded, gate.Validate(null, 1).Code);
        Assert.Equal((march, 3L), gate.UnreportedQuota);

        gate.QuotaReported(march, 3, new ApiKeyQuotaSnapshot(march, 10, 10, 60));
        Assert.Equal(0, gate.UnreportedQuota.Valid);
        Assert.Equal(ApiKeyValidationCode.UsageExceeded, gate.Validate(null, 1).Code);

        _clock.Set(new DateTimeOffset(2026, 4, 1, 0, 0, 0, TimeSpan.Zero));
        Assert.Equal(ApiKeyValidationCode.Valid, gate.Validate(null, 1).Code);
    }

    [Fact]
    public void Usage_is_counted_per_minute_and_code_and_totals_are_captured()
    {
        var gate = Gate(Key(new RateLimitSetting(2, 60), scopes: "read"));
        gate.Validate("read", 1);
        gate.Validate("write", 1);
        _clock.Advance(TimeSpan.FromMinutes(1));
        gate.Validate("read", 1);
        gate.Validate("read", 1);
        gate.Validate("read", 1);

        var minutes = gate.DrainUsage();
        Assert.Equal(2, minutes.Count);
        Assert.Equal(Start, minutes[0].Minute);
        Assert.Equal(1, minutes[0].Valid);
        Assert.Equal(1, minutes[0].Counts[(int)ApiKeyValidationCode.InsufficientScope]);
        Assert.Equal(Start.AddMinutes(1), minutes[1].Minute);
        Assert.Equal(2, minutes[1].Valid);
        Assert.Equal(1, minutes[1].Counts[(int)ApiKeyValidationCode.RateLimited]);
        Assert.Equal(1, minutes[1].Rejected);
        Assert.False(gate.HasPendingUsage);

        Assert.True(gate.IsDirty);
        var captured = gate.Capture(Key());
        Assert.False(gate.IsDirty);
        Assert.Equal(new ApiKeyUsageTotals(3, 2, Start.AddMinutes(1)), captured.Usage);
    }

    [Fact]
    public void Usage_that_failed_to_flush_is_put_back_and_merged()
    {
        var gate = Gate(Key(new RateLimitSetting(100, 60)));
        gate.Validate(null, 1);
        var taken = gate.DrainUsage();
        gate.Validate(null, 1);
        gate.RestoreUsage(taken);
        var minutes = gate.DrainUsage();
        Assert.Single(minutes);
        Assert.Equal(2, minutes[0].Valid);
    }

    [Fact]
    public void Captured_credits_survive_a_reload()
    {
        var stored = Key(credits: new CreditState(10, null, Start));
        var gate = Gate(stored);
        gate.Validate(null, 4);
        var written = gate.Capture(stored);
        var reloaded = Gate(written);
        Assert.Equal(5, reloaded.Validate(null, 1).CreditsRemaining);
    }
}
