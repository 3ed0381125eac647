using System.Globalization;
using Microsoft.AspNetCore.Http.Json;
using Microsoft.Extensions.Options;

namespace VetrAI.ApiFrontend.Errors;

/// <summary>Writes the standard error body; the one place that does, for the exception handler and the
/// status-code pages alike.</summary>
internal static class ErrorResponses
{
    public static async Task WriteAsync(HttpContext context, int statusCode, string detail, TimeSpan? retryAfter = null)
    {
        var response = context.Response;
        response.StatusCode = statusCode;
        if (retryAfter is { } wait)
        {
            var seconds = Math.Max(1, (long)Math.Ceiling(wait.TotalSeconds));
            response.Headers.RetryAfter = seconds.ToString(CultureInfo.InvariantCulture);
        }

        var timeProvider = context.RequestServices.GetRequiredService<TimeProvider>();
        var json = context.RequestServices.GetRequiredService<IOptions<JsonOptions>>().Value.SerializerOptions;
        await response.WriteAsJsonAsync(
            new ErrorResponse(detail, statusCode, timeProvider.GetUtcNow()),
            json,
            contentType: "application/json",
            cancellationToken: context.RequestAborted);
    }
}
