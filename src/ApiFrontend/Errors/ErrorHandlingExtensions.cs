using System.Text.Json;
using Microsoft.AspNetCore.Http.Json;
using Microsoft.AspNetCore.WebUtilities;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace VetrAI.ApiFrontend.Errors;

/// <summary>The error contract of the whole API: every error answer, whatever produced it (a handler, model
/// binding, routing, an unknown route, a crash), has the standard body.</summary>
public static class ErrorHandlingExtensions
{
    /// <summary>Registers the exception handler and the JSON conventions of the wire (snake_case, UTC times).</summary>
    public static WebApplicationBuilder AddVetrAIErrorHandling(this WebApplicationBuilder builder)
    {
        ArgumentNullException.ThrowIfNull(builder);
        builder.Services.AddExceptionHandler<ApiExceptionHandler>();
        builder.Services.TryAddSingleton(TimeProvider.System);

        // Binding failures throw, so that they reach the one exception handler instead of a bare 400.
        builder.Services.Configure<RouteHandlerOptions>(options => options.ThrowOnBadRequest = true);
        builder.Services.Configure<JsonOptions>(options =>
        {
            options.SerializerOptions.PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower;
            options.SerializerOptions.DictionaryKeyPolicy = null;
            options.SerializerOptions.Converters.Add(new UtcDateTimeOffsetJsonConverter());
        });
        return builder;
    }

    /// <summary>Adds the exception handler and the status-code pages (404, 405, ...) to the pipeline.</summary>
    public static WebApplication UseVetrAIErrorHandling(this WebApplication app)
    {
        ArgumentNullException.ThrowIfNull(app);
        app.UseExceptionHandler(new ExceptionHandlerOptions
        {
            // Never reached: ApiExceptionHandler handles everything. Required so the middleware has a fallback.
            ExceptionHandler = context => ErrorResponses.WriteAsync(context, StatusCodes.Status500InternalServerError, "Internal server error"),
        });
        app.UseStatusCodePages(async context =>
        {
            var http = context.HttpContext;
            var detail = http.Response.StatusCode switch
            {
                StatusCodes.Status404NotFound => $"No resource at {http.Request.Path}.",
                StatusCodes.Status405MethodNotAllowed => $"Method {http.Request.Method} is not allowed on {http.Request.Path}.",
                StatusCodes.Status401Unauthorized => "Authentication required.",
                StatusCodes.Status403Forbidden => "Not allowed.",
                StatusCodes.Status415UnsupportedMediaType => "Send the request body as application/json.",
                var status => ReasonPhrases.GetReasonPhrase(status),
            };
            await ErrorResponses.WriteAsync(http, http.Response.StatusCode, detail);
        });
        return app;
    }
}
