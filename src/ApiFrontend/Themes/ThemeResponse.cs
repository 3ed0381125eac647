using VetrAI.Grains.Abstractions.Themes;

namespace VetrAI.ApiFrontend.Themes;

/// <summary>A theme on the wire. The URLs are relative to the API's origin; <c>logo_url</c> and <c>favicon_url</c>
/// change with the image (a version parameter), so caches never show an old one.</summary>
public sealed record ThemeResponse(
    string Id,
    string OrganizationId,
    string Name,
    ThemeColors Colors,
    string? CustomCss,
    string? LogoUrl,
    string? FaviconUrl,
    string CssUrl,
    bool Active,
    DateTimeOffset CreatedAt,
    DateTimeOffset UpdatedAt)
{
    public static ThemeResponse From(ThemeView theme, string? activeThemeId)
    {
        ArgumentNullException.ThrowIfNull(theme);
        return new ThemeResponse(
            theme.Id,
            theme.OrganizationId,
            theme.Name,
            theme.Colors,
            theme.CustomCss,
            ImageUrl(theme, ThemeImageKind.Logo),
            ImageUrl(theme, ThemeImageKind.Favicon),
            $"/api/v1/themes/{theme.Id}/theme.css",
            string.Equals(theme.Id, activeThemeId, StringComparison.Ordinal),
            theme.CreatedAt,
            theme.UpdatedAt);
    }

    /// <summary>The image's public URL, versioned by its content; null without one.</summary>
    public static string? ImageUrl(ThemeView theme, ThemeImageKind kind)
    {
        ArgumentNullException.ThrowIfNull(theme);
        return theme.Image(kind) is { } image ? $"/api/v1/themes/{theme.Id}/{ThemeImages.Segment(kind)}?v={image.UrlVersion()}" : null;
    }
}
