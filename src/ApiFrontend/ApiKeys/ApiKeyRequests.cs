using System.Text.Json;
using VetrAI.ApiFrontend.Validation;
using VetrAI.Grains.Abstractions.ApiKeys;

namespace VetrAI.ApiFrontend.ApiKeys;

/// <summary><c>rate_limit</c>: at most <c>limit</c> validations per <c>window_seconds</c>.</summary>
public sealed record RateLimitRequest(int? Limit, int? WindowSeconds);

/// <summary><c>credits.refill</c>: back to <c>amount</c> every day or month (UTC).</summary>
public sealed record CreditRefillRequest(string? Interval, long? Amount);

/// <summary><c>credits</c>: the starting balance and an optional refill.</summary>
public sealed record CreditsRequest(long? Remaining, CreditRefillRequest? Refill);

/// <summary><c>POST /keys</c>. A super admin names the organization with <c>organization_id</c>.
/// Ranges (name length, limits, metadata size) are checked by the key registry, which owns the rules.</summary>
public sealed record CreateKeyRequest(
    string? Name,
    IReadOnlyList<string>? Scopes,
    DateTimeOffset? ExpiresAt,
    RateLimitRequest? RateLimit,
    CreditsRequest? Credits,
    Dictionary<string, JsonElement>? Metadata,
    string? OrganizationId)
{
    /// <summary>The key's settings, or a 400 listing every missing or malformed field.</summary>
    public ApiKeySpec ToSpec()
    {
        var v = new RequestValidator();
        var name = v.Required(Name, "name").Trim();
        v.Check(Scopes is null || Scopes.All(s => s is not null), "scopes must be a list of strings.");
        RateLimitSetting? rateLimit = null;
        if (RateLimit is not null)
        {
            v.Check(RateLimit.Limit is not null, "rate_limit.limit is required.");
            v.Check(RateLimit.WindowSeconds is not null, "rate_limit.window_seconds is required.");
            rateLimit = new RateLimitSetting(RateLimit.Limit ?? 0, RateLimit.WindowSeconds ?? 0);
        }

        CreditSetting? credits = null;
        if (Credits is not null)
        {
            v.Check(Credits.Remaining is not null, "credits.remaining is required.");
            CreditRefill? refill = null;
            if (Credits.Refill is { } r)
            {
                var interval = r.Interval switch
                {
                    "daily" => CreditRefillInterval.Daily,
                    "monthly" => CreditRefillInterval.Monthly,
                    _ => (CreditRefillInterval?)null,
                };
                v.Check(interval is not null, "credits.refill.interval must be daily or monthly.");
                v.Check(r.Amount is not null, "credits.refill.amount is required.");
                refill = new CreditRefill(interval ?? CreditRefillInterval.Daily, r.Amount ?? 0);
            }

            credits = new CreditSetting(Credits.Remaining ?? 0, refill);
        }

        v.ThrowIfInvalid();
        return new ApiKeySpec(
            name,
            Scopes ?? [],
            ExpiresAt?.ToUniversalTime(),
            rateLimit,
            credits,
            Metadata ?? new Dictionary<string, JsonElement>());
    }
}

/// <summary><c>POST /keys/{id}/roll</c>: how long the old key keeps working (default 0: it expires at once).</summary>
public sealed record RollKeyRequest(int? GraceSeconds);

/// <summary><c>PUT /keys/{id}</c>: enable or disable a key (a disabled key validates as DISABLED).</summary>
public sealed record UpdateKeyRequest(bool? Enabled);
