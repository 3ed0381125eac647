using Microsoft.AspNetCore.OpenApi;
using Microsoft.OpenApi;
using VetrAI.ApiFrontend.Auth;

namespace VetrAI.ApiFrontend.OpenApi;

/// <summary>Each operation's <c>security</c>, from how its endpoint declares its callers: a
/// <see cref="CallerRequirement"/> (RequireRoles, RequireCaller) needs a bearer token, an endpoint that
/// <see cref="OpenApiEndpointConventions.AcceptsApiKey{TBuilder}"/> takes the key scheme (or none, when the key
/// may come in the body), and anything else is anonymous: an empty requirement, so no global default applies.</summary>
internal sealed class SecurityRequirementsTransformer : IOpenApiOperationTransformer
{
    public Task TransformAsync(OpenApiOperation operation, OpenApiOperationTransformerContext context, CancellationToken cancellationToken)
    {
        var metadata = context.Description.ActionDescriptor.EndpointMetadata;
        var document = context.Document ?? throw new InvalidOperationException("operation transformers run with their document");
        var requirements = new List<OpenApiSecurityRequirement>();
        if (metadata.OfType<CallerRequirement>().Any())
        {
            requirements.Add(SecuritySchemes.Requirement(SecuritySchemes.Bearer, document));
        }

        if (metadata.OfType<ApiKeyAccessMetadata>().LastOrDefault() is { } apiKey)
        {
            requirements.Add(SecuritySchemes.Requirement(SecuritySchemes.ApiKey, document));
            if (apiKey.Optional)
            {
                requirements.Add([]);
            }
        }

        if (requirements.Count == 0)
        {
            requirements.Add([]);
        }

        operation.Security = requirements;
        return Task.CompletedTask;
    }
}
