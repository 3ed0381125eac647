using System.Buffers.Text;
using System.Security.Cryptography;
using System.Text;
using Microsoft.Extensions.Options;
using VetrAI.Grains.Configuration;

namespace VetrAI.Grains.Users.Mfa;

/// <summary>Encrypts TOTP secrets at rest: AES-256-GCM under a key derived (HKDF-SHA256) from the configured
/// key, with the user id as associated data so a stored secret cannot be moved to another user. Stored form:
/// <c>v1.&lt;key id&gt;.&lt;base64url nonce|ciphertext|tag&gt;</c>; the key id picks the current or a previous key.
/// Written here rather than with ASP.NET Core Data Protection, whose key ring would need a repository shared
/// by every silo and a key of its own to protect it: one key from settings is what the silos share already.</summary>
internal sealed class TotpSecretProtector
{
    private const string Version = "v1";
    private const int NonceBytes = 12;
    private const int TagBytes = 16;
    private static readonly byte[] _purpose = Encoding.UTF8.GetBytes("vetrai/totp-secret/v1");
    private readonly Lazy<((string Id, byte[] Key) Current, Dictionary<string, byte[]> ById)> _keys;

    public TotpSecretProtector(IOptions<MfaOptions> options)
    {
        ArgumentNullException.ThrowIfNull(options);
        // Publication-only: a failure to read or create the key file is not cached, so the next call tries again.
        _keys = new(() => Load(options.Value), LazyThreadSafetyMode.PublicationOnly);
    }

    private (string Id, byte[] Key) CurrentKey => _keys.Value.Current;

    private Dictionary<string, byte[]> KeysById => _keys.Value.ById;

    public string Protect(byte[] secret, string userId)
    {
        ArgumentNullException.ThrowIfNull(secret);
        var sealedBytes = new byte[NonceBytes + secret.Length + TagBytes];
        var nonce = sealedBytes.AsSpan(0, NonceBytes);
        RandomNumberGenerator.Fill(nonce);
        using var aes = new AesGcm(CurrentKey.Key, TagBytes);
        aes.Encrypt(nonce, secret, sealedBytes.AsSpan(NonceBytes, secret.Length), sealedBytes.AsSpan(NonceBytes + secret.Length), Encoding.UTF8.GetBytes(userId));
        return $"{Version}.{CurrentKey.Id}.{Base64Url.EncodeToString(sealedBytes)}";
    }

    /// <exception cref="CryptographicException">Not ours, tampered with, another user's, or under a key no longer configured.</exception>
    public byte[] Unprotect(string stored, string userId)
    {
        ArgumentNullException.ThrowIfNull(stored);
        var parts = stored.Split('.');
        if (parts.Length != 3 || parts[0] != Version || !KeysById.TryGetValue(parts[1], out var key))
        {
            throw new CryptographicException("The TOTP secret was encrypted with a key that is not configured (VETRAI_MFA_ENCRYPTION_KEY, VETRAI_MFA_PREVIOUS_ENCRYPTION_KEYS).");
        }

        var sealedBytes = Base64Url.DecodeFromChars(parts[2]);
        if (sealedBytes.Length < NonceBytes + TagBytes)
        {
            throw new CryptographicException("The stored TOTP secret is malformed.");
        }

        var length = sealedBytes.Length - NonceBytes - TagBytes;
        var secret = new byte[length];
        using var aes = new AesGcm(key, TagBytes);
        aes.Decrypt(sealedBytes.AsSpan(0, NonceBytes), sealedBytes.AsSpan(NonceBytes, length), sealedBytes.AsSpan(NonceBytes + length), secret, Encoding.UTF8.GetBytes(userId));
        return secret;
    }

    private static ((string Id, byte[] Key) Current, Dictionary<string, byte[]> ById) Load(MfaOptions options)
    {
        var configured = options.EncryptionKey.Length > 0
            ? options.EncryptionKey
            : KeyFile.ReadOrCreate(options.KeyFilePath, MfaOptions.MinKeyBytes);
        var current = Derive(configured);
        var byId = new Dictionary<string, byte[]>(StringComparer.Ordinal) { [current.Id] = current.Key };
        foreach (var previous in options.PreviousEncryptionKeys)
        {
            var (id, key) = Derive(previous);
            byId.TryAdd(id, key);
        }

        return (current, byId);
    }

    private static (string Id, byte[] Key) Derive(byte[] configured)
    {
        var key = HKDF.DeriveKey(HashAlgorithmName.SHA256, configured, 32, salt: [], info: _purpose);
        // Names the key without revealing it: a hash of the derived key, shortened.
        var id = Convert.ToHexStringLower(SHA256.HashData(key))[..8];
        return (id, key);
    }
}
