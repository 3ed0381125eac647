using System.Globalization;
using System.Text.Json;

namespace VetrAI.ApiFrontend.Tests.OpenApi;

/// <summary>Reading /openapi/v1.json as plain JSON: the operations, their responses, and whether a body matches a
/// response's schema (enough JSON Schema for the error body: required and known properties, types, date-times).</summary>
internal sealed class OpenApiDocument(JsonElement root)
{
    public JsonElement Root { get; } = root;

    /// <summary>Every operation: (method in lowercase, path template, the operation object).</summary>
    public IEnumerable<(string Method, string Path, JsonElement Operation)> Operations()
        => from path in Root.GetProperty("paths").EnumerateObject()
           from method in path.Value.EnumerateObject()
           select (method.Name, path.Name, method.Value);

    /// <summary>The operation's response for <paramref name="status"/> (references resolved), or null.</summary>
    public JsonElement? Response(string method, string path, int status)
    {
        if (!Root.GetProperty("paths").TryGetProperty(path, out var item)
            || !item.TryGetProperty(method.ToLowerInvariant(), out var operation)
            || !operation.GetProperty("responses").TryGetProperty(status.ToString(CultureInfo.InvariantCulture), out var response))
        {
            return null;
        }

        return Resolve(response);
    }

    /// <summary>What is wrong with <paramref name="body"/> under <paramref name="schema"/> (empty when nothing).</summary>
    public IEnumerable<string> Violations(JsonElement body, JsonElement schema, string at = "$")
    {
        schema = Resolve(schema);
        if (schema.TryGetProperty("type", out var type) && !HasType(body, type))
        {
            yield return $"{at} is {body.ValueKind}, the schema says {type}";
            yield break;
        }

        if (schema.TryGetProperty("format", out var format) && format.GetString() == "date-time"
            && !DateTimeOffset.TryParse(body.GetString(), CultureInfo.InvariantCulture, DateTimeStyles.None, out _))
        {
            yield return $"{at} '{body}' is not a date-time";
        }

        if (body.ValueKind != JsonValueKind.Object)
        {
            yield break;
        }

        var properties = schema.TryGetProperty("properties", out var p) ? p : default;
        foreach (var required in schema.TryGetProperty("required", out var r) ? r.EnumerateArray().Select(e => e.GetString()!) : [])
        {
            if (!body.TryGetProperty(required, out _))
            {
                yield return $"{at}.{required} is required but missing";
            }
        }

        foreach (var property in body.EnumerateObject())
        {
            if (properties.ValueKind != JsonValueKind.Object || !properties.TryGetProperty(property.Name, out var propertySchema))
            {
                yield return $"{at}.{property.Name} is not in the schema";
                continue;
            }

            foreach (var violation in Violations(property.Value, propertySchema, $"{at}.{property.Name}"))
            {
                yield return violation;
            }
        }
    }

    /// <summary>Follows a local <c>$ref</c> (<c>#/components/...</c>) until there is none.</summary>
    public JsonElement Resolve(JsonElement element)
    {
        while (element.ValueKind == JsonValueKind.Object && element.TryGetProperty("$ref", out var reference))
        {
            element = Root;
            foreach (var segment in reference.GetString()!.TrimStart('#', '/').Split('/'))
            {
                element = element.GetProperty(segment.Replace("~1", "/", StringComparison.Ordinal).Replace("~0", "~", StringComparison.Ordinal));
            }
        }

        return element;
    }

    private static bool HasType(JsonElement value, JsonElement type) => type.ValueKind == JsonValueKind.Array
        ? type.EnumerateArray().Any(t => HasType(value, t))
        : (type.GetString(), value.ValueKind) switch
        {
            ("object", JsonValueKind.Object) or ("array", JsonValueKind.Array) or ("string", JsonValueKind.String) => true,
            ("boolean", JsonValueKind.True or JsonValueKind.False) or ("null", JsonValueKind.Null) => true,
            ("number", JsonValueKind.Number) => true,
            ("integer", JsonValueKind.Number) => value.TryGetInt64(out _),
            _ => false,
        };
}
