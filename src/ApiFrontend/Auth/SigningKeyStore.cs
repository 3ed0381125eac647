using System.Text;
using VetrAI.Grains.Configuration;

namespace VetrAI.ApiFrontend.Auth;

/// <summary>Finds the JWT signing key: the configured one, or a random one generated on first start and kept
/// (mode 0600) in the data directory so tokens survive a restart.</summary>
internal static class SigningKeyStore
{
    public const string FileName = "jwt-signing.key";
    private const int GeneratedKeyBytes = 64;

    public static byte[] Resolve(string? configuredKey, string dataDirectory)
        => configuredKey is not null
            ? Decode(configuredKey)
            : KeyFile.ReadOrCreate(Path.Combine(dataDirectory, FileName), GeneratedKeyBytes);

    /// <summary>Base64 when it decodes to a long enough key, the text's bytes otherwise.</summary>
    private static byte[] Decode(string key)
    {
        var buffer = new byte[key.Length];
        if (Convert.TryFromBase64String(key, buffer, out var written) && written >= JwtOptionsValidator.MinKeyBytes)
        {
            return buffer[..written];
        }

        return Encoding.UTF8.GetBytes(key);
    }
}
