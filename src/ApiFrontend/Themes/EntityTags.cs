using Microsoft.Net.Http.Headers;

namespace VetrAI.ApiFrontend.Themes;

/// <summary>Conditional GETs of public theme files.</summary>
internal static class EntityTags
{
    /// <summary>How long browsers and proxies may reuse a theme file without asking again.</summary>
    public const string CacheControl = "public, max-age=300";

    /// <summary>Whether the request's <c>If-None-Match</c> names <paramref name="etag"/> (or is <c>*</c>). GET compares
    /// weakly (RFC 9110 13.1.2), so <c>W/"x"</c> matches <c>"x"</c>; a malformed header matches nothing.</summary>
    public static bool NoneMatchHits(HttpRequest request, string etag)
    {
        var header = request.Headers.IfNoneMatch;
        if (header.Count == 0 || !EntityTagHeaderValue.TryParseList(header, out var tags))
        {
            return false;
        }

        var current = new EntityTagHeaderValue(etag);
        return tags.Any(tag => tag.Equals(EntityTagHeaderValue.Any) || tag.Compare(current, useStrongComparison: false));
    }

    /// <summary>Sets the caching headers every answer (200 and 304) carries.</summary>
    public static void SetCaching(HttpResponse response, string etag)
    {
        response.Headers.ETag = etag;
        response.Headers.CacheControl = CacheControl;
        response.Headers.XContentTypeOptions = "nosniff";
    }
}
