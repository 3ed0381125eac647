using Microsoft.AspNetCore.Mvc.ModelBinding;
using Microsoft.AspNetCore.OpenApi;
using Microsoft.OpenApi;

namespace VetrAI.ApiFrontend.OpenApi;

/// <summary>Puts the <see cref="RequestExamples"/> body of the endpoint's request type on its JSON request body.</summary>
internal sealed class RequestExamplesTransformer : IOpenApiOperationTransformer
{
    public Task TransformAsync(OpenApiOperation operation, OpenApiOperationTransformerContext context, CancellationToken cancellationToken)
    {
        if (operation.RequestBody?.Content?.TryGetValue("application/json", out var json) is not true)
        {
            return Task.CompletedTask;
        }

        var body = context.Description.ParameterDescriptions.FirstOrDefault(p => p.Source == BindingSource.Body);
        if (body?.Type is { } type && RequestExamples.For(type) is { } example)
        {
            json.Example = example;
        }

        return Task.CompletedTask;
    }
}
