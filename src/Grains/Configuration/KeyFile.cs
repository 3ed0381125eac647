using System.Buffers.Text;
using System.Security.Cryptography;

namespace VetrAI.Grains.Configuration;

/// <summary>A random key generated on first start and kept (base64, mode 0600) in the data directory, for
/// keys that have no setting on a single machine (the JWT signing key, the MFA encryption key). Processes
/// sharing the directory share the key; a cluster on several machines sets the key's variable instead.</summary>
public static class KeyFile
{
    /// <summary>The key in <paramref name="path"/>, created with <paramref name="bytes"/> random bytes when missing.</summary>
    public static byte[] ReadOrCreate(string path, int bytes)
    {
        ArgumentNullException.ThrowIfNull(path);
        path = Path.GetFullPath(path);
        return File.Exists(path) ? Read(path) : Create(path, bytes);
    }

    private static byte[] Read(string path) => Convert.FromBase64String(File.ReadAllText(path).Trim());

    private static byte[] Create(string path, int bytes)
    {
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        var key = RandomNumberGenerator.GetBytes(bytes);
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
            return Read(path);
        }
    }
}
