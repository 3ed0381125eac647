using System.Security.Cryptography;
using System.Text;
using System.Text.RegularExpressions;

namespace VetrAI.ApiFrontend.Organizations;

/// <summary>Slug rules: <c>[a-z0-9-]{3,63}</c>, generated from the organization's name when not given.</summary>
internal static partial class Slugs
{
    public const int MinLength = 3;
    public const int MaxLength = 63;
    private const int SuffixLength = 6;

    public static bool IsValid(string? slug) => slug is not null && Pattern().IsMatch(slug);

    /// <summary>The name lower-cased, runs of anything else turned into one '-', trimmed to fit; padded
    /// with random characters when too short. With <paramref name="randomSuffix"/>, a random tail makes it
    /// unlikely to collide (used after the plain one was taken).</summary>
    public static string FromName(string name, bool randomSuffix)
    {
        ArgumentNullException.ThrowIfNull(name);
        var builder = new StringBuilder(name.Length);
        foreach (var c in name.ToLowerInvariant())
        {
            var folded = Fold(c);
            if (folded is not null)
            {
                builder.Append(folded);
            }
            else if (builder.Length > 0 && builder[^1] != '-')
            {
                builder.Append('-');
            }
        }

        var slug = builder.ToString().Trim('-');
        if (randomSuffix || slug.Length < MinLength)
        {
            var suffix = RandomNumberGenerator.GetString("abcdefghijklmnopqrstuvwxyz0123456789", SuffixLength);
            slug = slug.Length == 0 ? $"org-{suffix}" : $"{slug[..Math.Min(slug.Length, MaxLength - SuffixLength - 1)].TrimEnd('-')}-{suffix}";
        }

        return slug.Length > MaxLength ? slug[..MaxLength].TrimEnd('-') : slug;
    }

    /// <summary>ASCII letters and digits as they are, common accented Latin letters without their accent
    /// (the app runs with invariant globalization, so Unicode normalization cannot do it); null for the rest.</summary>
    private static string? Fold(char c)
    {
        if (char.IsAsciiLetterOrDigit(c))
        {
            return c.ToString();
        }

        foreach (var (accented, plain) in _folds)
        {
            if (accented.Contains(c, StringComparison.Ordinal))
            {
                return plain;
            }
        }

        return null;
    }

    private static readonly (string Accented, string Plain)[] _folds =
    [
        ("àáâãäåāăą", "a"), ("æ", "ae"), ("çćĉċč", "c"), ("ďđ", "d"), ("èéêëēĕėęě", "e"), ("ĝğġģ", "g"), ("ĥħ", "h"),
        ("ìíîïĩīĭįı", "i"), ("ĵ", "j"), ("ķ", "k"), ("ĺļľŀł", "l"), ("ñńņňŉ", "n"), ("òóôõöøōŏő", "o"), ("œ", "oe"),
        ("ŕŗř", "r"), ("śŝşš", "s"), ("ß", "ss"), ("ţťŧ", "t"), ("ùúûüũūŭůűų", "u"), ("ŵ", "w"), ("ýÿŷ", "y"), ("źżž", "z"),
        ("þ", "th"), ("ð", "d"),
    ];

    [GeneratedRegex("^[a-z0-9-]{3,63}$", RegexOptions.CultureInvariant)]
    private static partial Regex Pattern();
}
