namespace VetrAI.ApiFrontend.ApiKeys;

/// <summary>The API-key area: <c>/api/v1/keys</c>.</summary>
internal static class ApiKeyEndpoints
{
    public static IServiceCollection AddVetrAIApiKeys(this IServiceCollection services)
        => services.ConfigureHttpJsonOptions(o => o.SerializerOptions.TypeInfoResolverChain.Insert(0, ApiKeysHttpJsonContext.Default));

    public static RouteGroupBuilder MapApiKeyEndpoints(this IEndpointRouteBuilder app)
    {
        var group = app.MapGroup("/api/v1/keys").WithTags("API keys");
        group.MapApiKeyValidation();
        return group;
    }
}
