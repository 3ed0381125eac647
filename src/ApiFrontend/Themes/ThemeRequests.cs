using VetrAI.ApiFrontend.Validation;
using VetrAI.Grains.Abstractions.Themes;

namespace VetrAI.ApiFrontend.Themes;

/// <summary>The four colors of a theme on the wire.</summary>
public sealed record ThemeColorsRequest(string? Primary, string? Secondary, string? Background, string? Text);

/// <summary><c>POST /themes</c>: <c>{name, colors: {primary, secondary, background, text}, custom_css?}</c>.</summary>
public sealed record CreateThemeRequest(string? Name, ThemeColorsRequest? Colors, string? CustomCss)
{
    public ThemeSpec Validate()
    {
        var v = new RequestValidator();
        v.Add(ThemeRules.CheckName(Name));
        v.Check(Colors is not null, "colors is required: {primary, secondary, background, text}.");
        if (Colors is not null)
        {
            v.Add(ThemeRules.CheckColor(Colors.Primary, "colors.primary"));
            v.Add(ThemeRules.CheckColor(Colors.Secondary, "colors.secondary"));
            v.Add(ThemeRules.CheckColor(Colors.Background, "colors.background"));
            v.Add(ThemeRules.CheckColor(Colors.Text, "colors.text"));
        }

        v.Add(CustomCss is null ? null : Grains.Abstractions.Themes.CustomCss.Check(CustomCss, CssUrlPolicy.SameOriginOrDataImage));
        v.ThrowIfInvalid();
        return ThemeRules.Normalize(new ThemeSpec(Name!, new ThemeColors(Colors!.Primary!, Colors.Secondary!, Colors.Background!, Colors.Text!), CustomCss));
    }
}

/// <summary><c>PUT /themes/{id}</c>: only the fields given change (colors one by one); <c>custom_css: ""</c> removes it.</summary>
public sealed record UpdateThemeRequest(string? Name, ThemeColorsRequest? Colors, string? CustomCss)
{
    public UpdateThemeCommand Validate()
    {
        var v = new RequestValidator();
        v.Check(Name is not null || Colors is not null || CustomCss is not null, "Give at least one of name, colors, custom_css.");
        if (Name is not null)
        {
            v.Add(ThemeRules.CheckName(Name));
        }

        Color(v, Colors?.Primary, "colors.primary");
        Color(v, Colors?.Secondary, "colors.secondary");
        Color(v, Colors?.Background, "colors.background");
        Color(v, Colors?.Text, "colors.text");
        v.Add(CustomCss is null ? null : Grains.Abstractions.Themes.CustomCss.Check(CustomCss, CssUrlPolicy.SameOriginOrDataImage));
        v.ThrowIfInvalid();
        return new UpdateThemeCommand(Name?.Trim(), Colors?.Primary, Colors?.Secondary, Colors?.Background, Colors?.Text, CustomCss);
    }

    private static void Color(RequestValidator v, string? color, string field)
    {
        if (color is not null)
        {
            v.Add(ThemeRules.CheckColor(color, field));
        }
    }
}
