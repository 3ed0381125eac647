using System.Buffers;
using System.Buffers.Text;
using System.Security.Cryptography;

namespace VetrAI.Grains.Abstractions.Auth;

/// <summary>The shape of the opaque secrets the user grain hands out (refresh and invitation tokens):
/// <c>&lt;user id&gt;.&lt;32 random bytes, base64url&gt;</c>. The user id routes a presented token to the one
/// grain that can check it, without an index; only the SHA-256 of the random part is stored.</summary>
public static class TokenFormat
{
    private const int SecretBytes = 32;

    /// <summary>The longest token of ours: an MFA token routes by the base64url of its address, and an address of
    /// <see cref="Users.EmailAddresses.MaxLength"/> characters is at most 3 UTF-8 bytes each (1,016 characters
    /// encoded), then the dot and the 43-character secret. Anything longer is refused before it is parsed.</summary>
    public const int MaxLength = 1_100;

    /// <summary>What a token may contain: base64url text and the one separating dot.</summary>
    private static readonly SearchValues<char> _tokenCharacters =
        SearchValues.Create("-.0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ_abcdefghijklmnopqrstuvwxyz");

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
        if (string.IsNullOrEmpty(token) || token.Length > MaxLength)
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
        if (token.AsSpan().ContainsAnyExcept(_tokenCharacters))
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
