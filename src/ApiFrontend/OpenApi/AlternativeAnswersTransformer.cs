using Microsoft.AspNetCore.OpenApi;
using Microsoft.OpenApi;

namespace VetrAI.ApiFrontend.OpenApi;

/// <summary>Endpoint metadata: the endpoint answers <see cref="Status"/> with one of several bodies (the
/// generator would show only the first).</summary>
public sealed class AlternativeAnswersMetadata(int status, IReadOnlyList<Type> bodies)
{
    public int Status { get; } = status;

    public IReadOnlyList<Type> Bodies { get; } = bodies;
}

/// <summary>Describes an <see cref="AlternativeAnswersMetadata"/> status as <c>oneOf</c> the named schemas of its
/// bodies (e.g. login: the tokens, or with MFA on the second step's token).</summary>
internal sealed class AlternativeAnswersTransformer : IOpenApiOperationTransformer
{
    public async Task TransformAsync(OpenApiOperation operation, OpenApiOperationTransformerContext context, CancellationToken cancellationToken)
    {
        var document = context.Document ?? throw new InvalidOperationException("operation transformers run with their document");
        foreach (var alternatives in context.Description.ActionDescriptor.EndpointMetadata.OfType<AlternativeAnswersMetadata>())
        {
            var schemas = new List<IOpenApiSchema>();
            foreach (var body in alternatives.Bodies)
            {
                if (document.Components?.Schemas?.ContainsKey(body.Name) != true)
                {
                    document.AddComponent<IOpenApiSchema>(body.Name, await context.GetOrCreateSchemaAsync(body, null, cancellationToken));
                }

                schemas.Add(new OpenApiSchemaReference(body.Name, document));
            }

            var key = alternatives.Status.ToString(System.Globalization.CultureInfo.InvariantCulture);
            operation.Responses ??= [];
            var description = operation.Responses.TryGetValue(key, out var existing) ? existing.Description : null;
            operation.Responses[key] = new OpenApiResponse
            {
                Description = description ?? "OK",
                Content = new Dictionary<string, OpenApiMediaType>
                {
                    ["application/json"] = new() { Schema = new OpenApiSchema { OneOf = schemas } },
                },
            };
        }
    }
}
