using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc;
using VetrAI.Grains.Abstractions.ApiKeys;
using VetrAI.Grains.Abstractions.Errors;
using VetrAI.Runtime;

namespace VetrAI.ApiFrontend.ApiKeys;

/// <summary>The hot path: hash the presented secret, one call to the key grain that owns the hash, answer.
/// Every well-formed request gets 200 with a verdict; only a malformed request gets 400.</summary>
internal static class ApiKeyValidationEndpoint
{
    private const int MaxScopeLength = 64;
    private const int MaxCost = 1_000_000;

    public static RouteHandlerBuilder MapApiKeyValidation(this IEndpointRouteBuilder group) => group
        .MapPost("/validate", ValidateAsync)
        .AllowAnonymous()
        .WithName("ValidateApiKey")
        .WithSummary("Validate an API key, take one rate-limit token and its cost in credits");

    internal static async Task<Ok<ApiKeyVerdict>> ValidateAsync(
        [FromBody(EmptyBodyBehavior = Microsoft.AspNetCore.Mvc.ModelBinding.EmptyBodyBehavior.Allow)] ValidateKeyRequest? request,
        [FromHeader(Name = "X-API-Key")] string? headerKey,
        IGrainFactory grains)
    {
        var key = request?.Key ?? headerKey;
        if (string.IsNullOrEmpty(key))
        {
            throw new InvalidInputException("key is required, in the body or in the X-API-Key header");
        }

        var scope = request?.Scope;
        if (scope is { Length: 0 or > MaxScopeLength })
        {
            throw new InvalidInputException("scope must be 1 to 64 characters");
        }

        var cost = request?.Cost ?? 1;
        if (cost is < 0 or > MaxCost)
        {
            throw new InvalidInputException("cost must be between 0 and 1000000");
        }

        // A string that cannot be a secret is no key's: no hash, no grain call.
        if (!ApiKeySecrets.IsWellFormed(key))
        {
            return TypedResults.Ok(ApiKeyVerdict.NotFound);
        }

        var verdict = await grains.GetGrain<IApiKeyGrain>(ApiKeySecrets.Hash(key)).ValidateAsync(scope, cost);
        return TypedResults.Ok(verdict);
    }
}
