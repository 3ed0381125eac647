using System.Text.Json;
using System.Text.Json.Serialization;
using Microsoft.AspNetCore.Http.Metadata;
using VetrAI.ApiFrontend.Errors;
using VetrAI.ApiFrontend.OpenApi;
using VetrAI.Grains.Abstractions.ApiKeys;
using VetrAI.Grains.Abstractions.Errors;

namespace VetrAI.ApiFrontend.ApiKeys;

/// <summary>The hot path: hash the presented secret, one call to the key grain that owns the hash, answer.
/// Every well-formed request gets 200 with a verdict; only a malformed request gets 400.
/// <para>Unlike the other endpoints this is a plain request delegate: it reads and writes with its own
/// source-generated metadata (the wire's snake_case and UTC conventions compiled in) and skips the
/// minimal-API binding machinery, which is a measurable share of a request this small.</para></summary>
internal static class ApiKeyValidationEndpoint
{
    private const int MaxScopeLength = 64;
    private const int MaxCost = 1_000_000;

    public static IEndpointConventionBuilder MapApiKeyValidation(this IEndpointRouteBuilder group) => group
        .MapPost("/validate", ValidateAsync)
        .AllowAnonymous()
        .AcceptsApiKey(optional: true)
        .WithMetadata(
            new AcceptsMetadata(["application/json"], typeof(ValidateKeyRequest), isOptional: true),
            new ProducesResponseTypeMetadata(StatusCodes.Status200OK, typeof(ApiKeyVerdict), ["application/json"]),
            // The API explorer describes only endpoints whose handler method it knows.
            ((RequestDelegate)ValidateAsync).Method)
        .WithName("ValidateApiKey")
        .WithSummary("Validate an API key (body or X-API-Key), take one rate-limit token and its cost in credits");

    private static async Task ValidateAsync(HttpContext context)
    {
        var request = context.Request;
        ValidateKeyRequest? body = null;
        if (request.ContentLength is not 0 && (request.ContentLength is not null || request.Headers.TransferEncoding.Count > 0))
        {
            if (!request.HasJsonContentType())
            {
                throw new BadHttpRequestException("Send the request body as application/json.", StatusCodes.Status415UnsupportedMediaType);
            }

            body = await request.ReadFromJsonAsync(ApiKeyValidationJsonContext.Default.ValidateKeyRequest, context.RequestAborted);
        }

        var verdict = await ValidateAsync(body, request.Headers["X-API-Key"].ToString(), context.RequestServices.GetRequiredService<IGrainFactory>());
        await context.Response.WriteAsJsonAsync(verdict, ApiKeyValidationJsonContext.Default.ApiKeyVerdict, contentType: null, context.RequestAborted);
    }

    internal static ValueTask<ApiKeyVerdict> ValidateAsync(ValidateKeyRequest? request, string headerKey, IGrainFactory grains)
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
            return ValueTask.FromResult(ApiKeyVerdict.NotFound);
        }

        var hash = ApiKeySecrets.Hash(key);
        var call = grains.GetApiKeyGrain(hash).ValidateAsync(scope, cost);
        return call.IsCompletedSuccessfully ? call : RetryIfRejectedAsync(call, grains, hash, scope, cost);
    }

    /// <summary>A call the cluster rejected (the key grain's silo just died) never reached the grain, so it is
    /// safe to make once more: Orleans has dropped the dead address by then and places the grain anew.</summary>
    private static async ValueTask<ApiKeyVerdict> RetryIfRejectedAsync(
        ValueTask<ApiKeyVerdict> call, IGrainFactory grains, string hash, string? scope, int cost)
    {
        try
        {
            return await call;
        }
        catch (OrleansMessageRejectionException)
        {
            return await grains.GetApiKeyGrain(hash).ValidateAsync(scope, cost);
        }
    }
}

/// <summary>The validation endpoint's JSON, with the wire conventions of the front end's JSON options
/// (web defaults, snake_case, UTC times with Z) compiled in.</summary>
[JsonSourceGenerationOptions(
    JsonSerializerDefaults.Web,
    PropertyNamingPolicy = JsonKnownNamingPolicy.SnakeCaseLower,
    Converters = [typeof(UtcDateTimeOffsetJsonConverter)])]
[JsonSerializable(typeof(ValidateKeyRequest))]
[JsonSerializable(typeof(ApiKeyVerdict))]
internal sealed partial class ApiKeyValidationJsonContext : JsonSerializerContext;
