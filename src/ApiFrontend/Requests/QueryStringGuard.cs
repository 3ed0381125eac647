namespace VetrAI.ApiFrontend.Requests;

/// <summary>Refuses a query string that carries control characters (400 with the standard body) before any
/// handler sees it: no id, filter or cursor the API takes can hold one, and PostgreSQL refuses a NUL in text,
/// which would otherwise surface as a database error.</summary>
internal static class QueryStringGuard
{
    public static IApplicationBuilder UseVetrAIQueryStringGuard(this IApplicationBuilder app) => app.Use(static (context, next) =>
    {
        if (context.Request.QueryString.HasValue)
        {
            foreach (var (name, values) in context.Request.Query)
            {
                foreach (var value in values)
                {
                    if (value is not null && value.AsSpan().ContainsAnyInRange('\u0000', '\u001f'))
                    {
                        throw new BadHttpRequestException($"The query parameter '{name}' holds a control character.");
                    }
                }
            }
        }

        return next(context);
    });
}
