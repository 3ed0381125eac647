using Microsoft.AspNetCore.Http.HttpResults;
using Orleans.Dashboard;
using VetrAI.ApiFrontend.Auth;
using VetrAI.Grains.Abstractions.Auth;
using VetrAI.Grains.Abstractions.Errors;

namespace VetrAI.ApiFrontend.Dashboard;

/// <summary>The Orleans Dashboard at <c>/dashboard</c>, for super admins only, and the session endpoint a
/// browser signs in to it with. A browser opening the dashboard cannot add a bearer header to the page's own
/// requests, so <c>POST /api/v1/dashboard/session</c> (with the bearer header) puts the same access token in an
/// HttpOnly, SameSite=Strict cookie scoped to <c>/dashboard</c> that expires with the token. Every dashboard
/// request, its JSON calls included, is checked like an API call: token signature and expiry, then the user
/// grain (revocation, current roles).</summary>
internal static class DashboardEndpoints
{
    public const string BasePath = "/dashboard";
    public const string CookieName = "vetrai_dashboard";

    public static IEndpointRouteBuilder MapDashboardEndpoints(this IEndpointRouteBuilder routes)
    {
        var dashboard = routes.MapOrleansDashboard(BasePath)
            .RequireRoles(Roles.SuperAdmin)
            .AcceptCallerCookie(CookieName)
            .ExcludeFromDescription();
        ((IEndpointConventionBuilder)dashboard).Add(RefuseGrainState);

        var group = routes.MapGroup("/api/v1/dashboard").WithTags("Dashboard");

        group.MapPost("/session", StartSession)
            .RequireRoles(Roles.SuperAdmin)
            .WithName("StartDashboardSession")
            .WithSummary("Signs this browser in to the Orleans Dashboard: sets an HttpOnly cookie for /dashboard holding the access token (super admins only).");

        group.MapDelete("/session", EndSession)
            .AllowAnonymous()
            .WithName("EndDashboardSession")
            .WithSummary("Signs this browser out of the Orleans Dashboard (removes the cookie). The access token itself stays valid until logout or expiry.");

        return routes;
    }

    /// <summary>The dashboard's grain state view reads any grain's stored state, which holds secrets (password
    /// hashes, refresh-token families): it is turned off, for super admins too.</summary>
    private static void RefuseGrainState(EndpointBuilder endpoint)
    {
        if (endpoint is RouteEndpointBuilder { RoutePattern.RawText: { } pattern }
            && pattern.EndsWith("/GrainState", StringComparison.OrdinalIgnoreCase))
        {
            endpoint.RequestDelegate = _ => throw new ForbiddenException(
                "The dashboard's grain state view is turned off: stored grain state holds secrets such as password hashes.");
        }
    }

    private static Ok<DashboardSessionResponse> StartSession(Caller caller, HttpContext context)
    {
        // The middleware resolved the caller from this header, so it holds a bearer token.
        var token = context.Request.Headers.Authorization.ToString()["Bearer ".Length..].Trim();
        context.Response.Cookies.Append(CookieName, token, CookieOptions(context, caller.TokenExpiresAt));
        return TypedResults.Ok(new DashboardSessionResponse(BasePath + "/", caller.TokenExpiresAt));
    }

    private static NoContent EndSession(HttpContext context)
    {
        context.Response.Cookies.Delete(CookieName, CookieOptions(context, expires: null));
        return TypedResults.NoContent();
    }

    private static CookieOptions CookieOptions(HttpContext context, DateTimeOffset? expires) => new()
    {
        Path = BasePath,
        HttpOnly = true,
        SameSite = SameSiteMode.Strict,
        // Behind a TLS-terminating proxy the request is http; the cookie is still only sent to the same site.
        Secure = context.Request.IsHttps,
        Expires = expires,
        IsEssential = true,
    };
}

/// <summary>Where the dashboard is and when this sign-in ends (with the access token; sign in again then).</summary>
internal sealed record DashboardSessionResponse(string DashboardUrl, DateTimeOffset ExpiresAt);
