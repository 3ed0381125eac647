using System.Buffers.Text;
using System.Security.Cryptography;
using System.Text;

namespace VetrAI.ApiFrontend.Auth;

/// <summary>Finds the JWT signing key: the configured one, or a random one generated on first start and kept
/// (mode 0600) in the data directory so tokens survive a restart.</summary>
internal static class SigningKeyStore
{
    public const string FileName = "jwt-signing.key";
    private const int GeneratedKeyBytes = 64;

    public static byte[] Resolve(string? configuredKey, string dataDirectory)
    {
        if (configuredKey is not null)
        {
            return Decode(configuredKey);
        }

        var path = Path.Combine(Path.GetFullPath(dataDirectory), FileName);
        return File.Exists(path) ? ReadKeyFile(path) : CreateKeyFile(path);
    }

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

    private static byte[] ReadKeyFile(string path)
    {
        var text = File.ReadAllText(path).Trim();
        return Convert.FromBase64String(text);
    }

    private static byte[] CreateKeyFile(string path)
    {
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        var key = RandomNumberGenerator.GetBytes(GeneratedKeyBytes);
        var temporary = $"{path}.{Environment.ProcessId}.{Base64Url.EncodeToString(RandomNumberGenerator.GetBytes(6))}.tmp";
        var options = new FileStreamOptions { Mode = FileMode.CreateNew, Access = FileAccess.Write };
        if (!OperatingSystem.IsWindows())
        {
            options.UnixCreateMode = UnixFileMode.UserRead | UnixFileMode.UserWrite;
        }

        using (var stream = new FileStream(temporary, options))
        using (var writer = new StreamWriter(stream))
        {
            writer.Write(Convert.ToBase64String(key));
        }

        try
        {
            // Two processes starting on one data directory: the first move wins and both use its key.
            File.Move(temporary, path, overwrite: false);
            return key;
        }
        catch (IOException) when (File.Exists(path))
        {
            File.Delete(temporary);
            return ReadKeyFile(path);
        }
    }
}
