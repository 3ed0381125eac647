using Microsoft.AspNetCore.OpenApi;
using Microsoft.OpenApi;

namespace VetrAI.ApiFrontend.OpenApi;

/// <summary>The generator marks every constructor parameter of a record as required, but the request records take
/// every field as nullable and validate presence themselves (a 400 naming each missing field): a member that may be
/// null is optional on the wire, so it is not listed as required.</summary>
internal sealed class OptionalNullableMembersTransformer : IOpenApiSchemaTransformer
{
    public Task TransformAsync(OpenApiSchema schema, OpenApiSchemaTransformerContext context, CancellationToken cancellationToken)
    {
        if (schema.Required is { Count: > 0 } required && schema.Properties is { } properties)
        {
            // Nullable value types (DateTimeOffset?, JsonElement?) do not always show null in their schema.
            var nullableValues = context.JsonTypeInfo.Properties
                .Where(p => Nullable.GetUnderlyingType(p.PropertyType) is not null)
                .Select(p => p.Name)
                .ToHashSet(StringComparer.Ordinal);
            foreach (var name in required.Where(name => nullableValues.Contains(name)
                || (properties.TryGetValue(name, out var property) && AllowsNull(property))).ToList())
            {
                required.Remove(name);
            }
        }

        return Task.CompletedTask;
    }

    private static bool AllowsNull(IOpenApiSchema schema)
        => (schema.Type is { } type && type.HasFlag(JsonSchemaType.Null))
            || (schema.OneOf ?? []).Any(AllowsNull)
            || (schema.AnyOf ?? []).Any(AllowsNull);
}
