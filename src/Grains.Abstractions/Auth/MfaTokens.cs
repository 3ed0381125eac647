using System.Buffers.Text;
using System.Text;

namespace VetrAI.Grains.Abstractions.Auth;

/// <summary>The MFA token of a sign-in's second step: <c>&lt;base64url of the normalized email&gt;.&lt;secret&gt;</c>
/// in <see cref="TokenFormat"/>'s shape, so that it routes to the sign-in grain of its address, which keeps only
/// the hash. Only someone who typed the right password for that address ever sees one.</summary>
public static class MfaTokens
{
    /// <summary>A new token for <paramref name="normalizedEmail"/> and the hash to store for it.</summary>
    public static (string Token, string SecretHash) Create(string normalizedEmail)
        => TokenFormat.Create(Base64Url.EncodeToString(Encoding.UTF8.GetBytes(normalizedEmail)));

    /// <summary>The address a presented token routes to; false when it is not an MFA token.</summary>
    public static bool TryGetEmail(string? token, out string normalizedEmail)
    {
        normalizedEmail = "";
        if (!TokenFormat.TryParse(token, out var encoded, out _))
        {
            return false;
        }

        var buffer = new byte[Base64Url.GetMaxDecodedLength(encoded.Length)];
        if (Base64Url.DecodeFromChars(encoded, buffer, out _, out var written) != System.Buffers.OperationStatus.Done)
        {
            return false;
        }

        try
        {
            normalizedEmail = new UTF8Encoding(false, true).GetString(buffer, 0, written);
        }
        catch (DecoderFallbackException)
        {
            return false;
        }

        // Only an address that can have an account routes anywhere (no control characters reach a grain key).
        return Users.EmailAddresses.IsValid(normalizedEmail);
    }
}
