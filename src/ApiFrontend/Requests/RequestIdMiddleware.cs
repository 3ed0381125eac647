using System.Collections;

namespace VetrAI.ApiFrontend.Requests;

/// <summary>Gives every request an id: the client's <c>X-Request-Id</c> when it is sane, a new one otherwise.
/// It becomes <see cref="HttpContext.TraceIdentifier"/>, is echoed on every response (errors included) and is
/// in the log scope of everything the request logs.</summary>
internal sealed class RequestIdMiddleware(RequestDelegate next, ILogger<RequestIdMiddleware> logger)
{
    public const string HeaderName = "X-Request-Id";
    /// <summary>The scope property holding the request id (read by the text log format).</summary>
    public const string ScopeKey = "XRequestId";
    private const int MaxLength = 128;

    public async Task InvokeAsync(HttpContext context)
    {
        var requestId = Sanitize(context.Request.Headers[HeaderName].ToString()) ?? Guid.CreateVersion7().ToString("N");
        context.TraceIdentifier = requestId;
        context.Response.OnStarting(static state =>
        {
            var http = (HttpContext)state;
            http.Response.Headers[HeaderName] = http.TraceIdentifier;
            return Task.CompletedTask;
        }, context);

        using (logger.BeginScope(new RequestIdScope(requestId)))
        {
            await next(context);
        }
    }

    private static string? Sanitize(string value)
    {
        if (value.Length is 0 or > MaxLength)
        {
            return null;
        }

        foreach (var c in value)
        {
            if (!char.IsAsciiLetterOrDigit(c) && c is not ('-' or '_' or '.' or ':'))
            {
                return null;
            }
        }

        return value;
    }

    /// <summary>The scope's single property. Named XRequestId because ASP.NET's own scope already has a RequestId
    /// (the connection-based trace identifier taken before this middleware runs).</summary>
    private sealed class RequestIdScope(string requestId) : IReadOnlyList<KeyValuePair<string, object?>>
    {
        public int Count => 1;

        public KeyValuePair<string, object?> this[int index]
            => index == 0 ? new(ScopeKey, requestId) : throw new ArgumentOutOfRangeException(nameof(index));

        public IEnumerator<KeyValuePair<string, object?>> GetEnumerator()
        {
            yield return this[0];
        }

        IEnumerator IEnumerable.GetEnumerator() => GetEnumerator();

        public override string ToString() => $"{ScopeKey}:{requestId}";
    }
}

/// <summary>Adds request ids to the pipeline.</summary>
public static class RequestIdExtensions
{
    /// <summary>Must come first, so that every answer (errors included) carries the id.</summary>
    public static WebApplication UseVetrAIRequestIds(this WebApplication app)
    {
        ArgumentNullException.ThrowIfNull(app);
        app.UseMiddleware<RequestIdMiddleware>();
        return app;
    }
}
