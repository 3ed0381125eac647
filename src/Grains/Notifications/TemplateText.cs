using System.Net;
using System.Text;

namespace VetrAI.Grains.Notifications;

/// <summary><c>{{name}}</c> placeholders: found when a template is saved (so an unknown one is refused then, not
/// when sending) and filled in when a notification is made. Names are <c>[a-z0-9_]</c>, spaces inside the braces
/// are allowed; any other <c>{{</c> or <c>}}</c> is malformed.</summary>
internal static class TemplateText
{
    public const int MaxSubjectLength = 200;
    public const int MaxBodyLength = 10_000;

    /// <summary>The placeholder names in <paramref name="text"/>, or why it is malformed.</summary>
    public static (IReadOnlyList<string> Names, string? Error) Placeholders(string text)
    {
        var names = new List<string>();
        var index = 0;
        while (index < text.Length)
        {
            var open = text.IndexOf("{{", index, StringComparison.Ordinal);
            var strayClose = text.IndexOf("}}", index, StringComparison.Ordinal);
            if (open < 0)
            {
                return strayClose < 0 ? (names, null) : (names, "has '}}' without '{{'");
            }

            if (strayClose >= 0 && strayClose < open)
            {
                return (names, "has '}}' without '{{'");
            }

            var close = text.IndexOf("}}", open + 2, StringComparison.Ordinal);
            if (close < 0)
            {
                return (names, "has '{{' without '}}'");
            }

            var name = text[(open + 2)..close].Trim();
            if (name.Length == 0 || name.Length > 64 || !name.All(c => c is (>= 'a' and <= 'z') or (>= '0' and <= '9') or '_'))
            {
                return (names, $"has a malformed placeholder '{{{{{Shorten(name)}}}}}' (names are lowercase letters, digits and _)");
            }

            names.Add(name);
            index = close + 2;
        }

        return (names, null);
    }

    /// <summary>Why <paramref name="text"/> cannot be a template with <paramref name="allowed"/> placeholders, or null.</summary>
    public static string? WhyInvalid(string field, string text, IReadOnlyCollection<string> allowed, int maxLength)
    {
        if (string.IsNullOrWhiteSpace(text))
        {
            return $"{field} is required.";
        }

        if (text.Length > maxLength)
        {
            return $"{field} is longer than {maxLength} characters.";
        }

        if (text.Any(c => char.IsControl(c) && c is not ('\n' or '\r' or '\t')))
        {
            return $"{field} contains control characters.";
        }

        var (names, error) = Placeholders(text);
        if (error is not null)
        {
            return $"{field} {error}.";
        }

        var unknown = names.Where(name => !allowed.Contains(name)).Distinct().ToList();
        return unknown.Count == 0
            ? null
            : $"{field} uses unknown placeholders: {string.Join(", ", unknown.Select(n => "{{" + n + "}}"))}; allowed: {string.Join(", ", allowed)}.";
    }

    /// <summary><paramref name="text"/> with each placeholder replaced by its value (missing ones by nothing);
    /// values are HTML-encoded when <paramref name="html"/>.</summary>
    public static string Render(string text, IReadOnlyDictionary<string, string> values, bool html)
    {
        var result = new StringBuilder(text.Length);
        var index = 0;
        while (index < text.Length)
        {
            var open = text.IndexOf("{{", index, StringComparison.Ordinal);
            var close = open < 0 ? -1 : text.IndexOf("}}", open + 2, StringComparison.Ordinal);
            if (open < 0 || close < 0)
            {
                Append(result, text[index..], html);
                break;
            }

            Append(result, text[index..open], html);
            var value = values.GetValueOrDefault(text[(open + 2)..close].Trim(), "");
            Append(result, value, html);
            index = close + 2;
        }

        return result.ToString();
    }

    private static void Append(StringBuilder builder, string text, bool html) =>
        builder.Append(html ? WebUtility.HtmlEncode(text) : text);

    private static string Shorten(string text) => text.Length <= 20 ? text : text[..20] + "...";
}
