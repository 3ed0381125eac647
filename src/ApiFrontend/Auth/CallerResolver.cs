using VetrAI.ApiFrontend.Requests;
using VetrAI.Grains.Abstractions.Errors;
using VetrAI.Grains.Abstractions.Users;

namespace VetrAI.ApiFrontend.Auth;

/// <summary>Turns a bearer token into a <see cref="Caller"/>. After the signature and expiry check it asks the
/// user grain, every time, whether the token is still good: the grain is the single owner of revocations, so
/// a logout or deactivation holds on every front end from the next request on. That costs one grain call
/// answered from memory (no I/O); a front-end cache would make revocation late, so there is none.</summary>
internal sealed class CallerResolver(AccessTokens accessTokens, IGrainFactory grainFactory)
{
    public const string MissingTokenMessage = "Authentication required: send 'Authorization: Bearer <access token>'.";
    public const string InvalidTokenMessage = "The access token is invalid or has expired.";
    public const string RevokedTokenMessage = "The access token is no longer valid; sign in again.";
    private const string BearerPrefix = "Bearer ";

    public async ValueTask<Caller> ResolveAsync(HttpContext context)
    {
        if (context.Features.Get<Caller>() is { } resolved)
        {
            return resolved;
        }

        var token = await accessTokens.ValidateAsync(PresentedToken(context))
            ?? throw new UnauthenticatedException(InvalidTokenMessage);
        var grant = await grainFactory.GetGrain<IUserGrain>(token.UserId)
            .AuthorizeAccessAsync(token.TokenId, token.SessionId, token.SecurityVersion)
            ?? throw new UnauthenticatedException(RevokedTokenMessage);

        var caller = new Caller(
            grant.UserId,
            grant.OrganizationId,
            grant.Roles,
            token.TokenId,
            token.SessionId,
            token.ExpiresAt,
            RequestActor.Create(context, grant.UserId));
        context.Features.Set(caller);
        return caller;
    }

    /// <summary>The bearer token, or on endpoints that accept a <see cref="CallerCookie"/> and when no
    /// <c>Authorization</c> header came, the token in that cookie.</summary>
    private static string PresentedToken(HttpContext context)
    {
        var header = context.Request.Headers.Authorization.ToString();
        if (header.Length == 0
            && context.GetEndpoint()?.Metadata.GetMetadata<CallerCookie>() is { } cookie)
        {
            return context.Request.Cookies[cookie.Name] is { Length: > 0 } fromCookie
                ? fromCookie
                : throw new UnauthenticatedException(
                    $"Authentication required: send 'Authorization: Bearer <access token>', or sign in for this page first (no {cookie.Name} cookie).");
        }

        if (!header.StartsWith(BearerPrefix, StringComparison.OrdinalIgnoreCase) || header.Length == BearerPrefix.Length)
        {
            throw new UnauthenticatedException(MissingTokenMessage);
        }

        return header[BearerPrefix.Length..].Trim();
    }
}
