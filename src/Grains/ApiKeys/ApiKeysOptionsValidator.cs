using Microsoft.Extensions.Options;

namespace VetrAI.Grains.ApiKeys;

internal sealed class ApiKeysOptionsValidator : IValidateOptions<ApiKeysOptions>
{
    public ValidateOptionsResult Validate(string? name, ApiKeysOptions options)
    {
        if (options.UsageFlushInterval <= TimeSpan.Zero || options.UsageFlushInterval > TimeSpan.FromSeconds(5))
        {
            return ValidateOptionsResult.Fail("ApiKeys:UsageFlushInterval must be more than 0 and at most 5 seconds");
        }

        if (options.LimitsRefreshInterval <= TimeSpan.Zero)
        {
            return ValidateOptionsResult.Fail("ApiKeys:LimitsRefreshInterval must be more than 0");
        }

        return options.FallbackRateLimitPerMinute < 1
            ? ValidateOptionsResult.Fail("ApiKeys:FallbackRateLimitPerMinute must be at least 1")
            : ValidateOptionsResult.Success;
    }
}
