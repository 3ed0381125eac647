namespace VetrAI.ApiFrontend.Auth;

/// <summary>Endpoint metadata: besides the <c>Authorization</c> header, <see cref="CallerResolver"/> takes the
/// access token from the cookie <see cref="Name"/>. Only for pages a browser opens (it cannot add a bearer header
/// to the requests a page makes); API endpoints never accept a cookie, so they need no CSRF defence.</summary>
public sealed class CallerCookie(string name)
{
    /// <summary>The cookie holding the access token.</summary>
    public string Name { get; } = name;
}

/// <summary>How page endpoints accept a <see cref="CallerCookie"/>.</summary>
public static class CallerCookieConventions
{
    /// <summary>Lets callers of these endpoints authenticate with the access token in cookie <paramref name="name"/>
    /// when they send no <c>Authorization</c> header. Combine with a caller requirement.</summary>
    public static TBuilder AcceptCallerCookie<TBuilder>(this TBuilder builder, string name) where TBuilder : IEndpointConventionBuilder
    {
        ArgumentNullException.ThrowIfNull(builder);
        var cookie = new CallerCookie(name);
        builder.Add(endpoint => endpoint.Metadata.Add(cookie));
        return builder;
    }
}
