using System.Security.Cryptography;
using System.Text;
using VetrAI.Grains.Abstractions.Themes;

namespace VetrAI.ApiFrontend.Themes;

/// <summary>The public <c>theme.css</c> of a theme: CSS custom properties for its colors and the URLs of its logo and
/// favicon, then its custom CSS (already checked when it was saved). The entity tag is a hash of exactly these bytes.</summary>
public sealed record ThemeStylesheet(byte[] Content, string ETag)
{
    /// <summary>The stylesheet of <paramref name="theme"/>, or of the platform's default look when null.</summary>
    public static ThemeStylesheet For(ThemeView? theme)
    {
        var colors = theme?.Colors ?? ThemeRules.DefaultColors;
        var css = new StringBuilder();
        // Nothing the organization typed goes into this header: a name could close the comment.
        css.Append("/* VetrAI theme ").Append(theme?.Id ?? "default").Append(" */\n");
        css.Append(":root {\n");
        Property(css, "--vetrai-color-primary", colors.Primary);
        Property(css, "--vetrai-color-secondary", colors.Secondary);
        Property(css, "--vetrai-color-background", colors.Background);
        Property(css, "--vetrai-color-text", colors.Text);
        Property(css, "--vetrai-logo-url", Url(theme, ThemeImageKind.Logo));
        Property(css, "--vetrai-favicon-url", Url(theme, ThemeImageKind.Favicon));
        css.Append("}\n");
        if (theme?.CustomCss is { Length: > 0 } custom)
        {
            css.Append("\n/* custom */\n").Append(custom).Append('\n');
        }

        var bytes = Encoding.UTF8.GetBytes(css.ToString());
        return new ThemeStylesheet(bytes, $"\"{Convert.ToHexStringLower(SHA256.HashData(bytes))[..32]}\"");
    }

    private static void Property(StringBuilder css, string name, string value) => css.Append("  ").Append(name).Append(": ").Append(value).Append(";\n");

    // Theme ids are 32 hex digits and versions hex: nothing here needs escaping inside the quotes.
    private static string Url(ThemeView? theme, ThemeImageKind kind) =>
        theme is not null && ThemeResponse.ImageUrl(theme, kind) is { } url ? $"url(\"{url}\")" : "none";
}
