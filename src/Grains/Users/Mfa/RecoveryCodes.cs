using System.Security.Cryptography;
using System.Text;
using VetrAI.Grains.Abstractions.Auth;

namespace VetrAI.Grains.Users.Mfa;

/// <summary>Single-use recovery codes: 10 per enrolment, 20 random characters each (about 99 bits), shown as
/// <c>xxxxx-xxxxx-xxxxx-xxxxx</c> without look-alike characters, stored as SHA-256 only: their entropy makes a
/// plain hash enough.</summary>
internal static class RecoveryCodes
{
    public const int Count = 10;
    private const string Alphabet = "abcdefghjkmnpqrstuvwxyz23456789";
    private const int Characters = 20;

    public static (IReadOnlyList<string> Codes, IReadOnlyList<string> Hashes) Create()
    {
        var codes = new List<string>(Count);
        for (var i = 0; i < Count; i++)
        {
            var text = new StringBuilder(Characters + 3);
            for (var c = 0; c < Characters; c++)
            {
                if (c > 0 && c % 5 == 0)
                {
                    text.Append('-');
                }

                text.Append(Alphabet[RandomNumberGenerator.GetInt32(Alphabet.Length)]);
            }

            codes.Add(text.ToString());
        }

        return (codes, codes.Select(Hash).ToList());
    }

    /// <summary>The hash of a presented code, read leniently (case, spaces and dashes do not matter).</summary>
    public static string Hash(string code)
    {
        ArgumentNullException.ThrowIfNull(code);
        var normalized = string.Concat(code.Where(char.IsAsciiLetterOrDigit)).ToLowerInvariant();
        return TokenFormat.HashSecret(normalized);
    }

    /// <summary>The remaining hashes without the one matching <paramref name="code"/>, or null when none matches.
    /// Every stored hash is compared in constant time.</summary>
    public static IReadOnlyList<string>? Use(IReadOnlyList<string> hashes, string code)
    {
        var presented = Hash(code);
        string? match = null;
        foreach (var hash in hashes)
        {
            if (TokenFormat.HashesEqual(hash, presented))
            {
                match = hash;
            }
        }

        return match is null ? null : hashes.Where(h => !ReferenceEquals(h, match)).ToList();
    }
}
