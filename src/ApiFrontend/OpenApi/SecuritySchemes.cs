using Microsoft.OpenApi;

namespace VetrAI.ApiFrontend.OpenApi;

/// <summary>The two ways a caller proves who it is (API.md): users send a JWT access token, programs an API key.</summary>
internal static class SecuritySchemes
{
    public const string Bearer = "bearer";
    public const string ApiKey = "apiKey";

    public static void AddTo(OpenApiDocument document)
    {
        document.AddComponent<IOpenApiSecurityScheme>(Bearer, new OpenApiSecurityScheme
        {
            Type = SecuritySchemeType.Http,
            Scheme = "bearer",
            BearerFormat = "JWT",
            Description = "A user's access token from POST /api/v1/login, /api/v1/register or /api/v1/refresh: `Authorization: Bearer <jwt>`.",
        });
        document.AddComponent<IOpenApiSecurityScheme>(ApiKey, new OpenApiSecurityScheme
        {
            Type = SecuritySchemeType.ApiKey,
            In = ParameterLocation.Header,
            Name = "X-API-Key",
            Description = "A program's API key (`vetrai_...`), as created by POST /api/v1/keys.",
        });
    }

    /// <summary>A requirement for one scheme, without scopes.</summary>
    public static OpenApiSecurityRequirement Requirement(string scheme, OpenApiDocument document)
        => new() { [new OpenApiSecuritySchemeReference(scheme, document)] = [] };
}
