namespace VetrAI.Grains.Abstractions.Themes;

/// <summary>The four colors of a theme, each <c>#rgb</c> or <c>#rrggbb</c> (stored lower-case).</summary>
[GenerateSerializer, Immutable, Alias("vetrai.ThemeColors")]
public sealed record ThemeColors(
    string Primary,
    string Secondary,
    string Background,
    string Text);

/// <summary>What a new theme is made of.</summary>
/// <param name="Name">1 to <see cref="ThemeRules.MaxNameLength"/> characters, no control characters.</param>
/// <param name="Colors">Its colors.</param>
/// <param name="CustomCss">CSS appended to the generated stylesheet; must pass <see cref="CustomCss.Check"/>.</param>
[GenerateSerializer, Immutable, Alias("vetrai.ThemeSpec")]
public sealed record ThemeSpec(string Name, ThemeColors Colors, string? CustomCss);

/// <summary>Changes a theme; null fields stay as they are, an empty <paramref name="CustomCss"/> removes the custom CSS.</summary>
[GenerateSerializer, Immutable, Alias("vetrai.UpdateThemeCommand")]
public sealed record UpdateThemeCommand(string? Name, string? Primary, string? Secondary, string? Background, string? Text, string? CustomCss);

/// <summary>Which image of a theme.</summary>
[GenerateSerializer, Alias("vetrai.ThemeImageKind")]
public enum ThemeImageKind
{
    /// <summary>The logo shown in pages and emails.</summary>
    Logo,

    /// <summary>The browser tab's icon.</summary>
    Favicon,
}

/// <summary>An image of a theme, its bytes in object storage at <paramref name="StoragePath"/> below the
/// organization's prefix.</summary>
/// <param name="StoragePath">The object's path below the organization's prefix.</param>
/// <param name="ContentType">The content type its bytes were recognized as.</param>
/// <param name="Size">Bytes.</param>
/// <param name="Sha256">Lower-case hex SHA-256 of the bytes (the image's entity tag and URL version).</param>
/// <param name="UploadedAt">When it was uploaded.</param>
[GenerateSerializer, Immutable, Alias("vetrai.ThemeImage")]
public sealed record ThemeImage(
    string StoragePath,
    string ContentType,
    long Size,
    string Sha256,
    DateTimeOffset UploadedAt)
{
    /// <summary>A short version for URLs, so that a new image is a new URL for every cache.</summary>
    public string UrlVersion() => Sha256.Length > 16 ? Sha256[..16] : Sha256;
}

/// <summary>A theme as the API shows it.</summary>
[GenerateSerializer, Immutable, Alias("vetrai.ThemeView")]
public sealed record ThemeView(
    string Id,
    string OrganizationId,
    string Name,
    ThemeColors Colors,
    string? CustomCss,
    ThemeImage? Logo,
    ThemeImage? Favicon,
    DateTimeOffset CreatedAt,
    DateTimeOffset UpdatedAt)
{
    /// <summary>The image of <paramref name="kind"/>, if uploaded.</summary>
    public ThemeImage? Image(ThemeImageKind kind) => kind == ThemeImageKind.Logo ? Logo : Favicon;
}

/// <summary>What <see cref="IThemeGrain.SetImageAsync"/> did.</summary>
/// <param name="Theme">The theme with its new image.</param>
/// <param name="ReplacedPath">The storage path of the image replaced, if any and if different.</param>
[GenerateSerializer, Immutable, Alias("vetrai.ThemeImageChange")]
public sealed record ThemeImageChange(ThemeView Theme, string? ReplacedPath);

/// <summary>An organization's look for emails: its active theme's colors and logo, or the platform's defaults.</summary>
/// <param name="Name">The theme's name.</param>
/// <param name="Primary">Primary color (<c>#rrggbb</c> or <c>#rgb</c>).</param>
/// <param name="Secondary">Secondary color.</param>
/// <param name="Background">Background color.</param>
/// <param name="Text">Text color.</param>
/// <param name="LogoUrl">Absolute public URL of the logo (from <c>VETRAI_PUBLIC_URL</c>), or null without one.</param>
[GenerateSerializer, Immutable, Alias("vetrai.ThemeBranding")]
public sealed record ThemeBranding(string Name, string Primary, string Secondary, string Background, string Text, string? LogoUrl)
{
    /// <summary>The platform's look, for organizations without an active theme.</summary>
    public static ThemeBranding Default { get; } = new(
        ThemeRules.DefaultName, ThemeRules.DefaultColors.Primary, ThemeRules.DefaultColors.Secondary,
        ThemeRules.DefaultColors.Background, ThemeRules.DefaultColors.Text, null);
}
