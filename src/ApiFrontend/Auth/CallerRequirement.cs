namespace VetrAI.ApiFrontend.Auth;

/// <summary>Endpoint metadata: the endpoint needs an authenticated caller holding one of <see cref="Roles"/>
/// (any caller when empty; a super admin always qualifies). Enforced by <see cref="CallerMiddleware"/> before
/// the request body is even read.</summary>
public sealed class CallerRequirement(IReadOnlyList<string> roles)
{
    /// <summary>The roles allowed; empty means any authenticated caller.</summary>
    public IReadOnlyList<string> Roles { get; } = roles;
}

/// <summary>How endpoints declare who may call them. Every endpoint under <c>/api/v1</c> must declare it
/// (<c>RequireRoles</c>, <c>RequireCaller</c> or <c>AllowAnonymous</c>); the app refuses to start otherwise.</summary>
public static class CallerEndpointConventions
{
    /// <summary>Only callers holding one of <paramref name="roles"/> (or a super admin) may call; 401 without a
    /// valid token, 403 with the wrong roles.</summary>
    public static TBuilder RequireRoles<TBuilder>(this TBuilder builder, params string[] roles) where TBuilder : IEndpointConventionBuilder
    {
        ArgumentNullException.ThrowIfNull(builder);
        var requirement = new CallerRequirement(roles);
        builder.Add(endpoint => endpoint.Metadata.Add(requirement));
        return builder;
    }

    /// <summary>Any authenticated caller may call.</summary>
    public static TBuilder RequireCaller<TBuilder>(this TBuilder builder) where TBuilder : IEndpointConventionBuilder
        => builder.RequireRoles();
}
