using VetrAI.Grains.Abstractions.Errors;

namespace VetrAI.Grains.Abstractions.Themes;

/// <summary>What a theme may hold. The front end checks these for a clear 400 naming the field; the grain checks
/// them again, so no path around the front end stores anything else.</summary>
public static class ThemeRules
{
    /// <summary>Longest theme name.</summary>
    public const int MaxNameLength = 100;

    /// <summary>The name of the platform's own look.</summary>
    public const string DefaultName = "VetrAI";

    /// <summary>The colors an organization without an active theme gets.</summary>
    public static ThemeColors DefaultColors { get; } = new("#2563eb", "#64748b", "#ffffff", "#0f172a");

    /// <summary>Why <paramref name="name"/> is not a theme name, or null.</summary>
    public static string? CheckName(string? name, string field = "name")
    {
        if (string.IsNullOrWhiteSpace(name))
        {
            return $"{field} is required.";
        }

        var trimmed = name.Trim();
        if (trimmed.Length > MaxNameLength)
        {
            return $"{field} must be at most {MaxNameLength} characters.";
        }

        return trimmed.Any(char.IsControl) ? $"{field} must not contain control characters." : null;
    }

    /// <summary>Why <paramref name="color"/> is not <c>#rgb</c> or <c>#rrggbb</c>, or null.</summary>
    public static string? CheckColor(string? color, string field) =>
        color is { Length: 4 or 7 } && color[0] == '#' && color.AsSpan(1).ContainsAnyExcept("0123456789abcdefABCDEF") is false
            ? null
            : $"{field} must be a color written #rgb or #rrggbb.";

    /// <summary>A color as stored: lower-case.</summary>
    public static string NormalizeColor(string color)
    {
        ArgumentNullException.ThrowIfNull(color);
        return color.ToLowerInvariant();
    }

    /// <summary>Checks a whole theme; throws one 400 listing every problem.</summary>
    /// <exception cref="InvalidInputException">Something is wrong.</exception>
    public static ThemeSpec Normalize(ThemeSpec spec)
    {
        ArgumentNullException.ThrowIfNull(spec);
        var colors = spec.Colors;
        var errors = new[]
        {
            CheckName(spec.Name),
            colors is null ? "colors is required." : null,
            CheckColor(colors?.Primary, "colors.primary"),
            CheckColor(colors?.Secondary, "colors.secondary"),
            CheckColor(colors?.Background, "colors.background"),
            CheckColor(colors?.Text, "colors.text"),
            spec.CustomCss is null ? null : CustomCss.Check(spec.CustomCss, CssUrlPolicy.SameOriginOrDataImage, "custom_css"),
        }.Where(e => e is not null).Distinct().ToList();
        if (errors.Count > 0)
        {
            throw new InvalidInputException(string.Join(" ", errors));
        }

        return new ThemeSpec(
            spec.Name.Trim(),
            new ThemeColors(NormalizeColor(colors!.Primary), NormalizeColor(colors.Secondary), NormalizeColor(colors.Background), NormalizeColor(colors.Text)),
            spec.CustomCss is { Length: > 0 } css ? css : null);
    }

    /// <summary>Whether <paramref name="id"/> has the shape of an id the platform makes (32 lower-case hex digits):
    /// anything else cannot name a theme or organization, and is answered 404 without a grain call.</summary>
    public static bool IsWellFormedId(string? id) =>
        id is { Length: 32 } && !id.AsSpan().ContainsAnyExcept("0123456789abcdef");
}
