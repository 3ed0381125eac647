using VetrAI.TestSupport;
using System.Text.Json;
using VetrAI.Grains.Abstractions.ApiKeys;
using VetrAI.Grains.Abstractions.Audit;
using VetrAI.Grains.Abstractions.Errors;
using Microsoft.Extensions.DependencyInjection;
using Npgsql;

namespace VetrAI.Grains.Tests.ApiKeys;

/// <summary>The API-key grains hosted by a real silo on a real PostgreSQL, called through the cluster client.
/// The tests share one cluster; each works in organizations of its own.</summary>
public sealed class ApiKeyGrainTests(ApiKeyClusterFixture silo) : IClassFixture<ApiKeyClusterFixture>
{
    private static readonly ActorContext Actor = new("u1", "req-1", null);
    private readonly ApiKeyClusterFixture _silo = silo;

    private static ApiKeySpec Spec(
        RateLimitSetting? rateLimit = null, CreditSetting? credits = null, DateTimeOffset? expiresAt = null, params string[] scopes)
        => new("test key", scopes, expiresAt, rateLimit, credits, new Dictionary<string, JsonElement>());

    private IApiKeyRegistryGrain Registry(string organizationId) => _silo.Grains.GetGrain<IApiKeyRegistryGrain>(organizationId);

    private ValueTask<ApiKeyVerdict> ValidateAsync(string secret, string? scope = null, int cost = 1)
        => _silo.Grains.GetGrain<IApiKeyGrain>(ApiKeySecrets.Hash(secret)).ValidateAsync(scope, cost);

    [Fact]
    public async Task A_new_key_validates_and_its_secret_is_stored_only_as_a_hash()
    {
        var org = _silo.Organizations.Add();
        var created = await Registry(org).CreateAsync(Spec(scopes: "tickets:read"), Actor);

        Assert.True(ApiKeySecrets.IsWellFormed(created.Key));
        Assert.Equal(created.Key[..13], created.Info.Prefix);
        var verdict = await ValidateAsync(created.Key, "tickets:read");
        Assert.True(verdict.Valid);
        Assert.Equal(created.Info.Id, verdict.KeyId);
        Assert.Equal(org, verdict.OrganizationId);
        Assert.Equal(ApiKeyValidationCode.InsufficientScope, (await ValidateAsync(created.Key, "tickets:write")).Code);
        Assert.Equal(ApiKeyValidationCode.NotFound, (await ValidateAsync(ApiKeySecrets.Create())).Code);
    }

    [Fact]
    public async Task The_sixth_validation_at_five_per_minute_is_rate_limited()
    {
        var created = await Registry(_silo.Organizations.Add()).CreateAsync(Spec(new RateLimitSetting(5, 60)), Actor);
        for (var i = 0; i < 5; i++)
        {
            Assert.Equal(ApiKeyValidationCode.Valid, (await ValidateAsync(created.Key)).Code);
        }

        var limited = await ValidateAsync(created.Key);
        Assert.Equal(ApiKeyValidationCode.RateLimited, limited.Code);
        Assert.Equal(0, limited.Ratelimit!.Remaining);
        Assert.True(limited.Ratelimit.ResetAt > _silo.Clock.GetUtcNow());
    }

    [Fact]
    public async Task Sixty_four_parallel_validations_with_limit_fifty_let_exactly_fifty_through()
    {
        var created = await Registry(_silo.Organizations.Add()).CreateAsync(Spec(new RateLimitSetting(50, 3600)), Actor);
        var verdicts = await Task.WhenAll(Enumerable.Range(0, 64).Select(_ => Task.Run(() => ValidateAsync(created.Key).AsTask())));
        Assert.Equal(50, verdicts.Count(v => v.Code == ApiKeyValidationCode.Valid));
        Assert.Equal(14, verdicts.Count(v => v.Code == ApiKeyValidationCode.RateLimited));
    }

    [Fact]
    public async Task An_expired_key_answers_expired()
    {
        var created = await Registry(_silo.Organizations.Add()).CreateAsync(Spec(expiresAt: _silo.Clock.GetUtcNow().AddMinutes(1)), Actor);
        Assert.Equal(ApiKeyValidationCode.Valid, (await ValidateAsync(created.Key)).Code);
        _silo.Clock.Advance(TimeSpan.FromMinutes(2));
        Assert.Equal(ApiKeyValidationCode.Expired, (await ValidateAsync(created.Key)).Code);
    }

    [Fact]
    public async Task A_revoked_key_answers_revoked_on_the_next_call()
    {
        var org = _silo.Organizations.Add();
        var created = await Registry(org).CreateAsync(Spec(), Actor);
        Assert.Equal(ApiKeyValidationCode.Valid, (await ValidateAsync(created.Key)).Code);
        var revoked = await Registry(org).RevokeAsync(created.Info.Id, Actor);
        Assert.NotNull(revoked.RevokedAt);
        Assert.Equal(ApiKeyValidationCode.Revoked, (await ValidateAsync(created.Key)).Code);
    }

    [Fact]
    public async Task Credits_run_out_into_usage_exceeded()
    {
        var created = await Registry(_silo.Organizations.Add()).CreateAsync(Spec(credits: new CreditSetting(3, null)), Actor);
        Assert.Equal(1, (await ValidateAsync(created.Key, cost: 2)).CreditsRemaining);
        Assert.Equal(0, (await ValidateAsync(created.Key)).CreditsRemaining);
        var exceeded = await ValidateAsync(created.Key);
        Assert.Equal(ApiKeyValidationCode.UsageExceeded, exceeded.Code);
        Assert.Equal(0, exceeded.CreditsRemaining);
    }

    [Fact]
    public async Task Usage_and_credits_survive_a_restart_of_the_host()
    {
        var org = _silo.Organizations.Add();
        var created = await Registry(org).CreateAsync(Spec(new RateLimitSetting(2, 3600), new CreditSetting(100, null)), Actor);
        for (var i = 0; i < 3; i++)
        {
            await ValidateAsync(created.Key);
        }

        await _silo.RestartAsync();

        var info = await Registry(org).GetAsync(created.Info.Id);
        Assert.Equal(new ApiKeyUsageTotals(2, 1, info.Usage.LastUsedAt), info.Usage);
        Assert.Equal(98, info.Credits!.Remaining);
        var now = _silo.Clock.GetUtcNow();
        var report = await Registry(org).GetUsageAsync(created.Info.Id, now.AddHours(-1), now.AddMinutes(1), UsageGranularity.Hour);
        Assert.Equal(2, report.Buckets.Sum(b => b.Valid));
        Assert.Equal(1, report.Buckets.Sum(b => b.Rejected));
    }

    [Fact]
    public async Task The_usage_report_buckets_match_what_was_validated()
    {
        var org = _silo.Organizations.Add();
        var created = await Registry(org).CreateAsync(Spec(new RateLimitSetting(3, 3600), scopes: "a"), Actor);
        await ValidateAsync(created.Key, "a");
        await ValidateAsync(created.Key, "b");
        _silo.Clock.Advance(TimeSpan.FromMinutes(2));
        for (var i = 0; i < 4; i++)
        {
            await ValidateAsync(created.Key, "a");
        }

        var now = _silo.Clock.GetUtcNow();
        var report = await Registry(org).GetUsageAsync(created.Info.Id, now.AddMinutes(-10), now.AddMinutes(1), UsageGranularity.Minute);

        Assert.Equal(2, report.Buckets.Count);
        Assert.Equal((1L, 1L), (report.Buckets[0].Valid, report.Buckets[0].Rejected));
        Assert.Equal(1, report.Buckets[0].RejectedByCode[ApiKeyValidationCode.InsufficientScope]);
        Assert.Equal((2L, 2L), (report.Buckets[1].Valid, report.Buckets[1].Rejected));
        Assert.Equal(2, report.Buckets[1].RejectedByCode[ApiKeyValidationCode.RateLimited]);
        Assert.Equal(TimeSpan.FromMinutes(2), report.Buckets[1].Start - report.Buckets[0].Start);
    }

    [Fact]
    public async Task Another_organization_does_not_find_the_key()
    {
        var orgA = _silo.Organizations.Add();
        var orgB = _silo.Organizations.Add();
        var created = await Registry(orgA).CreateAsync(Spec(), Actor);

        await Assert.ThrowsAsync<NotFoundException>(() => Registry(orgB).GetAsync(created.Info.Id));
        await Assert.ThrowsAsync<NotFoundException>(() => Registry(orgB).RevokeAsync(created.Info.Id, Actor));
        await Assert.ThrowsAsync<NotFoundException>(() => Registry(orgB).RollAsync(created.Info.Id, 0, Actor));
        Assert.Empty((await Registry(orgB).ListAsync(50, null)).Items);
        Assert.Equal(ApiKeyValidationCode.Valid, (await ValidateAsync(created.Key)).Code);
    }

    [Fact]
    public async Task Max_keys_is_enforced_and_revoking_frees_a_slot()
    {
        var org = _silo.Organizations.Add(FakeOrganizations.Generous with { MaxKeys = 2 });
        var first = await Registry(org).CreateAsync(Spec(), Actor);
        await Registry(org).CreateAsync(Spec(), Actor);

        var refused = await Assert.ThrowsAsync<ForbiddenException>(() => Registry(org).CreateAsync(Spec(), Actor));
        Assert.Contains("2", refused.Message, StringComparison.Ordinal);

        await Registry(org).RevokeAsync(first.Info.Id, Actor);
        await Registry(org).CreateAsync(Spec(), Actor);
    }

    [Fact]
    public async Task Bad_settings_are_refused_and_nothing_is_created()
    {
        var org = _silo.Organizations.Add();
        await Assert.ThrowsAsync<InvalidInputException>(() => Registry(org).CreateAsync(Spec(new RateLimitSetting(0, 60)), Actor));
        Assert.Empty((await Registry(org).ListAsync(50, null)).Items);
    }

    [Fact]
    public async Task Roll_keeps_the_settings_and_the_old_key_works_until_the_grace_period_ends()
    {
        var org = _silo.Organizations.Add();
        var old = await Registry(org).CreateAsync(Spec(new RateLimitSetting(7, 60), new CreditSetting(40, new CreditRefill(CreditRefillInterval.Daily, 40)), scopes: "s"), Actor);
        await ValidateAsync(old.Key, "s");

        var rolled = await Registry(org).RollAsync(old.Info.Id, 60, Actor);

        Assert.NotEqual(old.Key, rolled.Key);
        Assert.NotEqual(old.Info.Id, rolled.Info.Id);
        Assert.Equal(old.Info.Scopes, rolled.Info.Scopes);
        Assert.Equal(old.Info.RateLimit, rolled.Info.RateLimit);
        Assert.Equal(new CreditSetting(39, new CreditRefill(CreditRefillInterval.Daily, 40)), rolled.Info.Credits);
        Assert.Equal(ApiKeyValidationCode.Valid, (await ValidateAsync(rolled.Key, "s")).Code);
        Assert.Equal(ApiKeyValidationCode.Valid, (await ValidateAsync(old.Key, "s")).Code);

        _silo.Clock.Advance(TimeSpan.FromSeconds(61));
        Assert.Equal(ApiKeyValidationCode.Expired, (await ValidateAsync(old.Key, "s")).Code);
        Assert.Equal(ApiKeyValidationCode.Valid, (await ValidateAsync(rolled.Key, "s")).Code);
    }

    [Fact]
    public async Task The_organizations_monthly_quota_is_enforced_across_its_keys()
    {
        var org = _silo.Organizations.Add(FakeOrganizations.Generous with { MonthlyRequests = 5 });
        var one = await Registry(org).CreateAsync(Spec(), Actor);
        var two = await Registry(org).CreateAsync(Spec(), Actor);
        for (var i = 0; i < 3; i++)
        {
            Assert.Equal(ApiKeyValidationCode.Valid, (await ValidateAsync(one.Key)).Code);
        }

        // Keys learn of each other's use when they flush (at the latest one flush interval later).
        await FlushAsync(one.Key);
        await FlushAsync(two.Key);
        Assert.Equal(ApiKeyValidationCode.Valid, (await ValidateAsync(two.Key)).Code);
        Assert.Equal(ApiKeyValidationCode.Valid, (await ValidateAsync(two.Key)).Code);
        Assert.Equal(ApiKeyValidationCode.UsageExceeded, (await ValidateAsync(two.Key)).Code);
        await FlushAsync(two.Key);
        await FlushAsync(one.Key);
        Assert.Equal(ApiKeyValidationCode.UsageExceeded, (await ValidateAsync(one.Key)).Code);
    }

    [Fact]
    public async Task Revoke_all_revokes_every_key_of_the_organization()
    {
        var org = _silo.Organizations.Add();
        var one = await Registry(org).CreateAsync(Spec(), Actor);
        var two = await Registry(org).CreateAsync(Spec(), Actor);

        Assert.Equal(2, await Registry(org).RevokeAllAsync(Actor));

        Assert.Equal(ApiKeyValidationCode.Revoked, (await ValidateAsync(one.Key)).Code);
        Assert.Equal(ApiKeyValidationCode.Revoked, (await ValidateAsync(two.Key)).Code);
        Assert.All((await Registry(org).ListAsync(50, null)).Items, k => Assert.NotNull(k.RevokedAt));
        Assert.Equal(0, await Registry(org).RevokeAllAsync(Actor));
    }

    [Fact]
    public async Task Keys_are_listed_newest_first_page_by_page()
    {
        var org = _silo.Organizations.Add();
        var ids = new List<string>();
        for (var i = 0; i < 5; i++)
        {
            ids.Add((await Registry(org).CreateAsync(Spec(), Actor)).Info.Id);
        }

        var first = await Registry(org).ListAsync(2, null);
        var second = await Registry(org).ListAsync(2, first.NextCursor);
        var third = await Registry(org).ListAsync(2, second.NextCursor);

        ids.Reverse();
        Assert.Equal(ids, first.Items.Concat(second.Items).Concat(third.Items).Select(k => k.Id));
        Assert.Null(third.NextCursor);
        await Assert.ThrowsAsync<InvalidInputException>(() => Registry(org).ListAsync(2, "nonsense"));
    }

    [Fact]
    public async Task A_key_of_an_unknown_organization_cannot_be_created()
        => await Assert.ThrowsAsync<NotFoundException>(() => Registry("nobody").CreateAsync(Spec(), Actor));

    [Fact]
    public async Task Usage_and_the_quota_are_flushed_in_the_background_without_holding_up_validations()
    {
        var org = _silo.Organizations.Add(FakeOrganizations.Generous with { MonthlyRequests = 5 });
        var one = await Registry(org).CreateAsync(Spec(), Actor);
        var two = await Registry(org).CreateAsync(Spec(), Actor);
        for (var i = 0; i < 3; i++)
        {
            Assert.Equal(ApiKeyValidationCode.Valid, (await ValidateAsync(one.Key)).Code);
        }

        var dataSource = _silo.Services.GetRequiredService<NpgsqlDataSource>();
        await Wait.ForAsync(async () =>
        {
            await using var command = dataSource.CreateCommand("SELECT coalesce(sum(valid), 0)::bigint FROM api_key_usage WHERE key_id = $1");
            command.Parameters.Add(new NpgsqlParameter { Value = one.Info.Id });
            return (long)(await command.ExecuteScalarAsync())! == 3;
        }, "the first key's counts in api_key_usage", TimeSpan.FromSeconds(15));

        // The second key learns the first one's count from the quota at its own next flush; until then it lets
        // through what it sees as free (the documented overshoot of one flush interval), never more than the quota.
        var validOfTwo = 0;
        await Wait.ForAsync(async () =>
        {
            var verdict = await ValidateAsync(two.Key);
            validOfTwo += verdict.Valid ? 1 : 0;
            return verdict.Code == ApiKeyValidationCode.UsageExceeded;
        }, "the second key to see the organization's quota used up", TimeSpan.FromSeconds(15));
        Assert.InRange(validOfTwo, 0, 5);
    }

    private Task FlushAsync(string secret) => _silo.Grains.GetGrain<IApiKeyGrain>(ApiKeySecrets.Hash(secret)).FlushUsageAsync();
}
