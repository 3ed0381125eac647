using System.Security.Cryptography;
using System.Text;

namespace VetrAI.Grains.Abstractions.ApiKeys;

/// <summary>The format of API-key secrets and how they are hashed into the key grain's id. Only the hash is
/// stored; a presented secret is found by hashing it, so no stored secret is ever compared with it.</summary>
public static class ApiKeySecrets
{
    /// <summary>Every secret starts with this.</summary>
    public const string Prefix = "vetrai_";

    /// <summary>Random bytes in a secret.</summary>
    public const int RandomBytes = 32;

    /// <summary>Base62 digits that hold <see cref="RandomBytes"/> bytes (62^43 &gt; 2^256).</summary>
    public const int EncodedLength = 43;

    /// <summary>The full length of a secret.</summary>
    public const int Length = 50;

    /// <summary>How many characters of a secret are kept for display (<c>vetrai_</c> and six more).</summary>
    public const int DisplayPrefixLength = 13;

    private const string Alphabet = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz";

    /// <summary>A new secret: <see cref="RandomBytes"/> bytes from the system CSPRNG in base62.</summary>
    public static string Create()
    {
        Span<byte> random = stackalloc byte[RandomBytes];
        RandomNumberGenerator.Fill(random);
        Span<char> text = stackalloc char[Length];
        Prefix.CopyTo(text);
        EncodeBase62(random, text[Prefix.Length..]);
        CryptographicOperations.ZeroMemory(random);
        return new string(text);
    }

    /// <summary>Whether <paramref name="secret"/> has the shape of a secret. Anything else cannot be a key,
    /// and is answered NOT_FOUND without asking a grain.</summary>
    public static bool IsWellFormed(ReadOnlySpan<char> secret)
    {
        if (secret.Length != Length || !secret.StartsWith(Prefix, StringComparison.Ordinal))
        {
            return false;
        }

        foreach (var c in secret[Prefix.Length..])
        {
            if (!char.IsAsciiLetterOrDigit(c))
            {
                return false;
            }
        }

        return true;
    }

    /// <summary>The lowercase hex SHA-256 of the secret's UTF-8 bytes: the id of its key grain.</summary>
    public static string Hash(ReadOnlySpan<char> secret)
    {
        var byteCount = Encoding.UTF8.GetMaxByteCount(secret.Length);
        Span<byte> utf8 = byteCount <= 512 ? stackalloc byte[512] : new byte[byteCount];
        var written = Encoding.UTF8.GetBytes(secret, utf8);
        Span<byte> digest = stackalloc byte[SHA256.HashSizeInBytes];
        SHA256.HashData(utf8[..written], digest);
        return Convert.ToHexStringLower(digest);
    }

    /// <summary>The part of a secret shown in lists.</summary>
    public static string DisplayPrefix(string secret)
    {
        ArgumentNullException.ThrowIfNull(secret);
        return secret[..Math.Min(DisplayPrefixLength, secret.Length)];
    }

    // Big-endian long division of the byte string by 62, one digit per pass, least significant last.
    private static void EncodeBase62(ReadOnlySpan<byte> value, Span<char> digits)
    {
        Span<byte> work = stackalloc byte[value.Length];
        value.CopyTo(work);
        for (var i = digits.Length - 1; i >= 0; i--)
        {
            var remainder = 0;
            for (var j = 0; j < work.Length; j++)
            {
                var accumulator = (remainder << 8) | work[j];
                work[j] = (byte)(accumulator / 62);
                remainder = accumulator % 62;
            }

            digits[i] = Alphabet[remainder];
        }

        CryptographicOperations.ZeroMemory(work);
    }
}
