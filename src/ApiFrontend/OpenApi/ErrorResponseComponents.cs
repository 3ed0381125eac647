using System.Text.Json.Nodes;
using Microsoft.OpenApi;

namespace VetrAI.ApiFrontend.OpenApi;

/// <summary>The standard error body (<see cref="Errors.ErrorResponse"/>) as a named schema, and one named response
/// per error status the API answers, each with that schema, so operations only reference them.</summary>
internal static class ErrorResponseComponents
{
    public const string SchemaName = "ErrorResponse";

    /// <summary>Every error status an operation may declare: its response component's name and meaning
    /// (API.md, "Every error answers the same body").</summary>
    public static readonly IReadOnlyDictionary<int, (string Name, string Description)> Statuses = new Dictionary<int, (string, string)>
    {
        [StatusCodes.Status400BadRequest] = ("BadRequest", "Bad input: a missing or malformed field, or malformed JSON. Nothing changed."),
        [StatusCodes.Status401Unauthorized] = ("Unauthorized", "Not authenticated: no valid access token, or wrong credentials."),
        [StatusCodes.Status403Forbidden] = ("Forbidden", "Authenticated, but the caller's roles do not allow this."),
        [StatusCodes.Status404NotFound] = ("NotFound", "Not found, or not the caller's organization's (another tenant's ids are never revealed)."),
        [StatusCodes.Status409Conflict] = ("Conflict", "A conflict: a duplicate (email, slug), a disallowed state change, or a concurrent change; retry."),
        [StatusCodes.Status413PayloadTooLarge] = ("PayloadTooLarge", "The request body is too large."),
        [StatusCodes.Status415UnsupportedMediaType] = ("UnsupportedMediaType", "The request body is not in a supported content type."),
        [StatusCodes.Status429TooManyRequests] = ("TooManyRequests", "Rate limited: wait the seconds in Retry-After."),
        [StatusCodes.Status503ServiceUnavailable] = ("ServiceUnavailable", "Not ready, or a dependency (database, cluster) is unavailable; retry later."),
    };

    /// <summary>A reference to the response component for <paramref name="status"/>.</summary>
    public static OpenApiResponseReference Reference(int status, OpenApiDocument document)
        => new(Statuses[status].Name, document);

    /// <summary>Registers the schema and the responses in <paramref name="document"/>.</summary>
    public static void AddTo(OpenApiDocument document)
    {
        document.AddComponent<IOpenApiSchema>(SchemaName, new OpenApiSchema
        {
            Type = JsonSchemaType.Object,
            Description = "The body of every error answer, with the HTTP status repeated.",
            Required = new HashSet<string> { "detail", "status_code", "timestamp" },
            Properties = new Dictionary<string, IOpenApiSchema>
            {
                ["detail"] = new OpenApiSchema { Type = JsonSchemaType.String, Description = "A human-readable message." },
                ["status_code"] = new OpenApiSchema { Type = JsonSchemaType.Integer, Format = "int32", Description = "The HTTP status of the answer." },
                ["timestamp"] = new OpenApiSchema { Type = JsonSchemaType.String, Format = "date-time", Description = "When the error happened (UTC)." },
            },
        });

        foreach (var (status, (name, description)) in Statuses)
        {
            var response = new OpenApiResponse
            {
                Description = description,
                Content = new Dictionary<string, OpenApiMediaType>
                {
                    ["application/json"] = new()
                    {
                        Schema = new OpenApiSchemaReference(SchemaName, document),
                        Example = new JsonObject
                        {
                            ["detail"] = description,
                            ["status_code"] = status,
                            ["timestamp"] = "2026-01-01T00:00:00Z",
                        },
                    },
                },
            };
            if (status == StatusCodes.Status429TooManyRequests)
            {
                response.Headers = new Dictionary<string, IOpenApiHeader>
                {
                    ["Retry-After"] = new OpenApiHeader
                    {
                        Description = "Seconds to wait before trying again.",
                        Schema = new OpenApiSchema { Type = JsonSchemaType.Integer, Minimum = "1" },
                    },
                };
            }

            document.AddComponent<IOpenApiResponse>(name, response);
        }
    }
}
