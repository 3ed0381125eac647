using VetrAI.Grains.Abstractions.ApiKeys;
using VetrAI.Grains.Abstractions.Errors;

namespace VetrAI.ApiFrontend.ApiKeys;

/// <summary>A program authenticated by its API key: the key and the organization (tenant) it acts for.</summary>
/// <param name="KeyId">The key's id.</param>
/// <param name="OrganizationId">The key's organization: the request's tenant.</param>
/// <param name="Scopes">The scopes the key grants.</param>
public sealed record ApiKeyPrincipal(string KeyId, string OrganizationId, IReadOnlyList<string> Scopes);

/// <summary>For endpoints that programs call with <c>X-API-Key</c> instead of a bearer token: one validation
/// (one token of the key's rate limit, <c>cost</c> credits, counted in its usage), turned into the caller's
/// tenant or the matching error. Declare such endpoints <c>AllowAnonymous()</c> and call
/// <see cref="AuthenticateAsync"/> first thing in the handler.</summary>
public sealed class ApiKeyAuthenticator(IGrainFactory grains)
{
    /// <summary>The header programs send their key in.</summary>
    public const string HeaderName = "X-API-Key";

    /// <summary>Validates the request's <c>X-API-Key</c> for <paramref name="scope"/>.</summary>
    /// <exception cref="UnauthenticatedException">No key, or one that is unknown, revoked, expired or disabled (401).</exception>
    /// <exception cref="ForbiddenException">The key does not grant <paramref name="scope"/> (403).</exception>
    /// <exception cref="TooManyRequestsException">Its rate limit, credits or the organization's monthly quota are used up (429).</exception>
    public async Task<ApiKeyPrincipal> AuthenticateAsync(HttpContext context, string? scope = null, int cost = 1)
    {
        ArgumentNullException.ThrowIfNull(context);
        var key = context.Request.Headers[HeaderName].ToString();
        if (key.Length == 0)
        {
            throw new UnauthenticatedException("An API key is required in the X-API-Key header.");
        }

        var verdict = ApiKeySecrets.IsWellFormed(key)
            ? await grains.GetApiKeyGrain(ApiKeySecrets.Hash(key)).ValidateAsync(scope, cost)
            : ApiKeyVerdict.NotFound;
        return verdict.Code switch
        {
            ApiKeyValidationCode.Valid => new ApiKeyPrincipal(verdict.KeyId!, verdict.OrganizationId!, verdict.Scopes ?? []),
            ApiKeyValidationCode.InsufficientScope => throw new ForbiddenException($"The API key does not grant the scope '{scope}'."),
            ApiKeyValidationCode.RateLimited => throw new TooManyRequestsException(
                "The API key's rate limit is used up.", RetryAfter(verdict.Ratelimit, context)),
            ApiKeyValidationCode.UsageExceeded => throw new TooManyRequestsException(
                "The API key's credits or the organization's monthly requests are used up."),
            var code => throw new UnauthenticatedException($"The API key is not valid ({ApiKeyQueryValues.Name(code)})."),
        };
    }

    // Tokens come back one by one: retrying once one is back is enough (a full window is the upper bound).
    private static TimeSpan RetryAfter(RateLimitStatus? status, HttpContext context)
    {
        if (status is null)
        {
            return TooManyRequestsException.DefaultRetryAfter;
        }

        var time = context.RequestServices.GetService<TimeProvider>() ?? TimeProvider.System;
        var untilFull = status.ResetAt - time.GetUtcNow();
        var perToken = untilFull / Math.Max(1, status.Limit - status.Remaining);
        return perToken < TimeSpan.FromSeconds(1) ? TimeSpan.FromSeconds(1) : perToken;
    }
}
