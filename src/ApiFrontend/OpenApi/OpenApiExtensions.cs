namespace VetrAI.ApiFrontend.OpenApi;

/// <summary>The OpenAPI document and the API explorer page.</summary>
public static class OpenApiExtensions
{
    /// <summary>Generates the OpenAPI document from the endpoints' metadata: their callers give each operation
    /// its security and error responses, so no endpoint is annotated for the document by hand.</summary>
    public static WebApplicationBuilder AddVetrAIOpenApi(this WebApplicationBuilder builder)
    {
        ArgumentNullException.ThrowIfNull(builder);
        builder.Services.AddOpenApi(options =>
        {
            options.AddDocumentTransformer<DocumentDescriptionTransformer>();
            options.AddSchemaTransformer<OptionalNullableMembersTransformer>();
            options.AddOperationTransformer<SecurityRequirementsTransformer>();
            options.AddOperationTransformer<ErrorResponsesTransformer>();
            options.AddOperationTransformer<AlternativeAnswersTransformer>();
            options.AddOperationTransformer<RequestExamplesTransformer>();
        });
        return builder;
    }

    /// <summary>Serves <c>/openapi/v1.json</c> and the explorer at <c>/docs</c>.</summary>
    public static WebApplication MapVetrAIOpenApi(this WebApplication app)
    {
        ArgumentNullException.ThrowIfNull(app);
        app.MapOpenApi().AllowAnonymous();
        app.UseSwaggerUI(options =>
        {
            options.RoutePrefix = "docs";
            options.SwaggerEndpoint("/openapi/v1.json", "VetrAI API v1");
            options.DocumentTitle = "VetrAI API";
        });
        return app;
    }
}
