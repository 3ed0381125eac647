using System.Buffers.Text;
using System.Security.Cryptography;

namespace VetrAI.Grains.Abstractions.Auth;

/// <summary>The shape of the opaque secrets the user grain hands out (refresh and invitation tokens):
/// <c>&lt;user id&gt;.&lt;32 random bytes, base64url&gt;</c>. The user id routes a presented token to the one
/// grain that can check it, without an index; only the SHA-256 of the random part is stored.</summary>
public static class TokenFormat
{
    private const int SecretBytes = 32;

    /// <summary>A new token for <paramref name="userId"/> and the hash to store for it.</summary>
    public static (string Token, string SecretHash) Create(string userId)
    {
        Span<byte> secret = stackalloc byte[SecretBytes];
        RandomNumberGenerator.Fill(secret);
        var encoded = Base64Url.EncodeToString(secret);
        return ($"{userId}.{encoded}", HashSecret(encoded));
    }

    /// <summary>Splits a presented token into the user id and the secret part; false when it is not one of ours.</summary>
    public static bool TryParse(string? token, out string userId, out string secret)
    {
        userId = "";
        secret = "";
        if (string.IsNullOrEmpty(token) || token.Length > 256)
        {
            return false;
        }

        var dot = token.IndexOf('.', StringComparison.Ordinal);
        if (dot <= 0 || dot == token.Length - 1 || token.IndexOf('.', dot + 1) >= 0)
        {
            return false;
        }

        // Both parts are base64url-safe text (ids are hex or base64url): anything else is not ours, and must
        // not become a grain key (storage would refuse a NUL, for one).
        if (!token.All(c => c == '.' || char.IsAsciiLetterOrDigit(c) || c is '-' or '_'))
        {
            return false;
        }

        userId = token[..dot];
        secret = token[(dot + 1)..];
        return true;
    }

    /// <summary>The stored form of a token's secret part: SHA-256, lower-case hex.</summary>
    public static string HashSecret(string secret)
    {
        ArgumentNullException.ThrowIfNull(secret);
        return Convert.ToHexStringLower(SHA256.HashData(System.Text.Encoding.UTF8.GetBytes(secret)));
    }

    /// <summary>Compares two stored hashes in constant time.</summary>
    public static bool HashesEqual(string a, string b)
    {
        ArgumentNullException.ThrowIfNull(a);
        ArgumentNullException.ThrowIfNull(b);
        return CryptographicOperations.FixedTimeEquals(
            System.Text.Encoding.ASCII.GetBytes(a),
            System.Text.Encoding.ASCII.GetBytes(b));
    }
}
