using System.Text.Json;
using Microsoft.AspNetCore.Diagnostics;
using VetrAI.Grains.Abstractions.Errors;
using Orleans.Storage;

namespace VetrAI.ApiFrontend.Errors;

/// <summary>The single place where exceptions become HTTP answers: domain errors get their status and
/// message, binding failures a 400 that names the field, anything else a 500 without details (logged with
/// the request id).</summary>
internal sealed partial class ApiExceptionHandler(ILogger<ApiExceptionHandler> logger) : IExceptionHandler
{
    public async ValueTask<bool> TryHandleAsync(HttpContext httpContext, Exception exception, CancellationToken cancellationToken)
    {
        if (httpContext.RequestAborted.IsCancellationRequested && exception is OperationCanceledException)
        {
            // The client left; nobody reads an answer.
            httpContext.Response.StatusCode = 499;
            return true;
        }

        var (status, detail, retryAfter) = Map(exception);
        if (status == StatusCodes.Status500InternalServerError)
        {
            LogUnhandled(logger, exception, httpContext.TraceIdentifier, httpContext.Request.Method, httpContext.Request.Path);
        }
        else if (status == StatusCodes.Status503ServiceUnavailable)
        {
            LogUnavailable(logger, exception, httpContext.TraceIdentifier, httpContext.Request.Method, httpContext.Request.Path);
        }

        await ErrorResponses.WriteAsync(httpContext, status, detail, retryAfter);
        return true;
    }

    internal static (int Status, string Detail, TimeSpan? RetryAfter) Map(Exception exception) => exception switch
    {
        TooManyRequestsException e => (StatusCodes.Status429TooManyRequests, e.Message, e.RetryAfter ?? TooManyRequestsException.DefaultRetryAfter),
        DomainException e => (StatusOf(e.GetType().Name), e.Message, null),
        BadHttpRequestException e => FromBadRequest(e),
        JsonException e => (StatusCodes.Status400BadRequest, MalformedJson(e), null),
        InconsistentStateException => (StatusCodes.Status409Conflict, "The resource was changed by another request at the same time; retry.", null),
        TimeoutException => (StatusCodes.Status503ServiceUnavailable, "The service did not answer in time; retry later.", null),
        // PostgreSQL down or unreachable (Npgsql's exceptions are DbExceptions).
        System.Data.Common.DbException => (StatusCodes.Status503ServiceUnavailable, "The database is unavailable; retry later.", null),
        // The engine could not deliver the call (no silo or gateway reachable, the cluster failing over).
        OrleansException => (StatusCodes.Status503ServiceUnavailable, "The service is temporarily unavailable; retry later.", null),
        // Object storage (the Minio client) or another HTTP service a request streams through is down.
        Minio.Exceptions.MinioException or HttpRequestException
            => (StatusCodes.Status503ServiceUnavailable, "A service this request depends on is unavailable; retry later.", null),
        _ => (StatusCodes.Status500InternalServerError, "Internal server error", null),
    };

    private static int StatusOf(string exceptionTypeName) => exceptionTypeName switch
    {
        nameof(NotFoundException) => StatusCodes.Status404NotFound,
        nameof(ConflictException) => StatusCodes.Status409Conflict,
        nameof(ForbiddenException) => StatusCodes.Status403Forbidden,
        nameof(InvalidInputException) => StatusCodes.Status400BadRequest,
        nameof(UnauthenticatedException) => StatusCodes.Status401Unauthorized,
        nameof(PayloadTooLargeException) => StatusCodes.Status413PayloadTooLarge,
        nameof(TooManyRequestsException) => StatusCodes.Status429TooManyRequests,
        nameof(ServiceUnavailableException) => StatusCodes.Status503ServiceUnavailable,
        _ => StatusCodes.Status500InternalServerError,
    };


    private static (int, string, TimeSpan?) FromBadRequest(BadHttpRequestException exception)
    {
        if (exception.InnerException is JsonException json)
        {
            return (StatusCodes.Status400BadRequest, MalformedJson(json), null);
        }

        return exception.StatusCode switch
        {
            StatusCodes.Status413PayloadTooLarge => (StatusCodes.Status413PayloadTooLarge, "The request body is too large.", null),
            StatusCodes.Status415UnsupportedMediaType => (StatusCodes.Status415UnsupportedMediaType, "Send the request body as application/json.", null),
            _ when exception.Message.StartsWith("Required parameter", StringComparison.Ordinal)
                => (StatusCodes.Status400BadRequest, "A JSON request body is required.", null),
            _ when exception.Message.Contains("JSON", StringComparison.OrdinalIgnoreCase)
                => (StatusCodes.Status400BadRequest, "The request body is not valid JSON.", null),
            _ => (exception.StatusCode, exception.Message, null),
        };
    }

    /// <summary>Names the offending field (from the JSON path) without echoing .NET type names.</summary>
    private static string MalformedJson(JsonException exception)
    {
        var path = exception.Path?.TrimStart('$').TrimStart('.');
        return string.IsNullOrEmpty(path)
            ? "The request body is not valid JSON."
            : $"The request body is not valid JSON: '{path}' has an invalid value.";
    }

    [LoggerMessage(Level = LogLevel.Error, Message = "Unhandled exception in request {RequestId} {Method} {Path}")]
    private static partial void LogUnhandled(ILogger logger, Exception exception, string requestId, string method, string path);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Request {RequestId} {Method} {Path} timed out inside the service")]
    private static partial void LogUnavailable(ILogger logger, Exception exception, string requestId, string method, string path);
}
