using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Options;

namespace VetrAI.Grains.Users.Mfa;

/// <summary>How TOTP secrets are kept and shown.</summary>
internal sealed class MfaOptions
{
    public const string EncryptionKeySetting = "VETRAI_MFA_ENCRYPTION_KEY";
    public const string PreviousEncryptionKeysSetting = "VETRAI_MFA_PREVIOUS_ENCRYPTION_KEYS";
    public const string KeyFileName = "mfa-encryption.key";
    public const int MinKeyBytes = 32;

    /// <summary>The key TOTP secrets are encrypted with: <c>VETRAI_MFA_ENCRYPTION_KEY</c> (base64, at least 32
    /// bytes). Every silo must have the same one. Empty: <see cref="KeyFilePath"/> is used.</summary>
    public byte[] EncryptionKey { get; set; } = [];

    /// <summary>Without the setting, the key is generated into <c>$VETRAI_DATA_DIR/mfa-encryption.key</c> the first
    /// time a secret is encrypted (not at start: a silo that never sees MFA writes nothing), for one machine.</summary>
    public string KeyFilePath { get; set; } = "";

    /// <summary>Keys used before a rotation (<c>VETRAI_MFA_PREVIOUS_ENCRYPTION_KEYS</c>, comma-separated base64):
    /// secrets encrypted with them still decrypt; new ones use <see cref="EncryptionKey"/>.</summary>
    public IReadOnlyList<byte[]> PreviousEncryptionKeys { get; set; } = [];

    /// <summary>The issuer authenticator apps show next to the account.</summary>
    public string Issuer { get; set; } = "VetrAI";

    /// <summary>Problems with the settings, for the validator (bad base64 is kept here until validation).</summary>
    public List<string> SettingErrors { get; } = [];

    public static void Bind(MfaOptions options, IConfiguration configuration)
    {
        if (configuration[EncryptionKeySetting] is { Length: > 0 } configured)
        {
            options.EncryptionKey = Decode(configured, EncryptionKeySetting, options.SettingErrors);
        }
        else if (!string.IsNullOrEmpty(configuration["KUBERNETES_SERVICE_HOST"]))
        {
            options.SettingErrors.Add(
                $"{EncryptionKeySetting} must be set in Kubernetes: pods share no data directory to keep a generated key in, and every silo needs the same key.");
        }
        else
        {
            var dataDirectory = configuration["VETRAI_DATA_DIR"] is { Length: > 0 } directory ? directory : "./.data";
            options.KeyFilePath = Path.GetFullPath(Path.Combine(dataDirectory, KeyFileName));
        }

        if (configuration[PreviousEncryptionKeysSetting] is { Length: > 0 } previous)
        {
            options.PreviousEncryptionKeys = previous
                .Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries)
                .Select(key => Decode(key, PreviousEncryptionKeysSetting, options.SettingErrors))
                .ToList();
        }
    }

    private static byte[] Decode(string value, string setting, List<string> errors)
    {
        var buffer = new byte[value.Length];
        if (Convert.TryFromBase64String(value.Trim(), buffer, out var written) && written >= MinKeyBytes)
        {
            return buffer[..written];
        }

        errors.Add($"{setting} must be base64 of at least {MinKeyBytes} random bytes (e.g. `openssl rand -base64 32`).");
        return [];
    }
}

internal sealed class MfaOptionsValidator : IValidateOptions<MfaOptions>
{
    public ValidateOptionsResult Validate(string? name, MfaOptions options)
        => options.SettingErrors.Count > 0 ? ValidateOptionsResult.Fail(options.SettingErrors) : ValidateOptionsResult.Success;
}
