using Microsoft.AspNetCore.OpenApi;
using Microsoft.OpenApi;
using VetrAI.ApiFrontend.Auth;

namespace VetrAI.ApiFrontend.OpenApi;

/// <summary>Each operation's error responses, derived from what its endpoint declares rather than annotated by
/// hand: 400 when it takes input (a body or a query), 401 and 403 when it needs a caller, 404 when it names a
/// resource in its path or reads the caller's tenant, 409 when it writes (duplicates, disallowed transitions,
/// concurrent changes), 413 and 415 when it reads a body, 503 always (database or cluster unavailable), and
/// whatever <see cref="OpenApiEndpointConventions.ProducesErrors{TBuilder}"/> adds (e.g. 401 from a sign-in,
/// 429 from a throttle). Every one references the standard error body.</summary>
internal sealed class ErrorResponsesTransformer : IOpenApiOperationTransformer
{
    public Task TransformAsync(OpenApiOperation operation, OpenApiOperationTransformerContext context, CancellationToken cancellationToken)
    {
        var document = context.Document ?? throw new InvalidOperationException("operation transformers run with their document");
        operation.Responses ??= [];
        foreach (var status in Statuses(operation, context))
        {
            var key = status.ToString(System.Globalization.CultureInfo.InvariantCulture);
            operation.Responses.Remove(key);
            operation.Responses[key] = ErrorResponseComponents.Reference(status, document);
        }

        return Task.CompletedTask;
    }

    private static SortedSet<int> Statuses(OpenApiOperation operation, OpenApiOperationTransformerContext context)
    {
        var metadata = context.Description.ActionDescriptor.EndpointMetadata;
        var parameters = operation.Parameters ?? [];
        var hasBody = operation.RequestBody is not null;
        var hasQuery = parameters.Any(p => p.In == ParameterLocation.Query);
        var hasPathId = parameters.Any(p => p.In == ParameterLocation.Path);
        var needsCaller = metadata.OfType<CallerRequirement>().Any();
        var writes = !HttpMethods.IsGet(context.Description.HttpMethod ?? "GET") && !HttpMethods.IsHead(context.Description.HttpMethod ?? "GET");

        var statuses = new SortedSet<int> { StatusCodes.Status503ServiceUnavailable };
        if (hasBody || hasQuery)
        {
            statuses.Add(StatusCodes.Status400BadRequest);
        }

        if (needsCaller)
        {
            statuses.Add(StatusCodes.Status401Unauthorized);
            statuses.Add(StatusCodes.Status403Forbidden);
        }

        if (hasPathId || needsCaller)
        {
            statuses.Add(StatusCodes.Status404NotFound);
        }

        if (writes)
        {
            statuses.Add(StatusCodes.Status409Conflict);
        }

        if (hasBody)
        {
            statuses.Add(StatusCodes.Status413PayloadTooLarge);
            statuses.Add(StatusCodes.Status415UnsupportedMediaType);
        }

        foreach (var extra in metadata.OfType<ErrorStatusesMetadata>())
        {
            statuses.UnionWith(extra.StatusCodes);
        }

        return statuses;
    }
}
