using VetrAI.ApiFrontend.Auth;
using VetrAI.Grains.Abstractions.Audit;

namespace VetrAI.ApiFrontend.Requests;

/// <summary>The <see cref="ActorContext"/> grain commands carry for the audit trail.</summary>
public static class RequestActor
{
    /// <summary>Longest user agent kept: enough to tell browsers and devices apart in a session list.</summary>
    public const int MaxUserAgentLength = 256;

    /// <summary>The authenticated caller's actor, or an anonymous one with this request's id and client address.</summary>
    public static ActorContext GetActor(this HttpContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        return context.Features.Get<Caller>()?.Actor ?? Create(context, null);
    }

    /// <summary>The actor of this request acting as <paramref name="userId"/> (null: anonymous).</summary>
    public static ActorContext Create(HttpContext context, string? userId)
    {
        ArgumentNullException.ThrowIfNull(context);
        return new ActorContext(
            userId,
            context.TraceIdentifier,
            context.Connection.RemoteIpAddress?.ToString(),
            UserAgentOf(context.Request.Headers.UserAgent.ToString()));
    }

    /// <summary>The header as it may be shown back to the user: control characters dropped, shortened.</summary>
    private static string? UserAgentOf(string header)
    {
        if (header.Length == 0)
        {
            return null;
        }

        // Every authenticated request comes here: the common, clean header is kept as it is, without a copy.
        var clean = (IsClean(header) ? header : string.Concat(header.Where(c => !IsUnwanted(c)))).Trim();
        return clean.Length == 0 ? null : clean.Length <= MaxUserAgentLength ? clean : clean[..MaxUserAgentLength];
    }

    private static bool IsClean(string header)
    {
        foreach (var c in header)
        {
            if (IsUnwanted(c))
            {
                return false;
            }
        }

        return true;
    }

    private static bool IsUnwanted(char c) => char.IsControl(c) || char.IsSurrogate(c);
}
