using System.Security.Cryptography;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Options;
using VetrAI.Grains.Users.Mfa;

namespace VetrAI.Grains.Tests.Users;

public sealed class TotpSecretProtectorTests
{
    private static readonly byte[] _secret = RandomNumberGenerator.GetBytes(20);

    [Fact]
    public void A_secret_decrypts_for_its_user_only_and_never_shows_in_the_stored_text()
    {
        var protector = Protector(NewKey());
        var stored = protector.Protect(_secret, "user-1");

        Assert.Equal(_secret, protector.Unprotect(stored, "user-1"));
        Assert.DoesNotContain(Convert.ToBase64String(_secret), stored, StringComparison.Ordinal);
        Assert.NotEqual(stored, protector.Protect(_secret, "user-1"));
        Assert.ThrowsAny<CryptographicException>(() => protector.Unprotect(stored, "user-2"));
        var tampered = stored[..^2] + (stored[^2] == 'A' ? "B" : "A") + stored[^1];
        Assert.ThrowsAny<CryptographicException>(() => protector.Unprotect(tampered, "user-1"));
    }

    [Fact]
    public void After_a_key_rotation_old_secrets_still_decrypt_when_the_old_key_is_listed()
    {
        var oldKey = NewKey();
        var stored = Protector(oldKey).Protect(_secret, "user-1");

        var newKey = NewKey();
        Assert.ThrowsAny<CryptographicException>(() => Protector(newKey).Unprotect(stored, "user-1"));
        Assert.Equal(_secret, Protector(newKey, oldKey).Unprotect(stored, "user-1"));
    }

    [Fact]
    public void Without_the_setting_the_key_is_generated_on_first_use_and_kept_in_the_data_directory()
    {
        var directory = Path.Combine(Path.GetTempPath(), $"vetrai-mfa-{Guid.NewGuid():N}");
        try
        {
            var options = Options(new() { ["VETRAI_DATA_DIR"] = directory });
            var first = new TotpSecretProtector(options);
            Assert.False(Directory.Exists(directory), "nothing is written before a secret is");
            var stored = first.Protect(_secret, "user-1");
            Assert.True(File.Exists(Path.Combine(directory, MfaOptions.KeyFileName)));
            Assert.Equal(_secret, new TotpSecretProtector(Options(new() { ["VETRAI_DATA_DIR"] = directory })).Unprotect(stored, "user-1"));
        }
        finally
        {
            if (Directory.Exists(directory))
            {
                Directory.Delete(directory, recursive: true);
            }
        }
    }

    [Fact]
    public void A_malformed_key_setting_and_a_missing_one_in_kubernetes_are_refused()
    {
        Assert.NotEmpty(Options(new() { [MfaOptions.EncryptionKeySetting] = "too-short" }).Value.SettingErrors);
        Assert.NotEmpty(Options(new() { ["KUBERNETES_SERVICE_HOST"] = "10.0.0.1" }).Value.SettingErrors);
        Assert.Empty(Options(new() { [MfaOptions.EncryptionKeySetting] = NewKey() }).Value.SettingErrors);
    }

    private static string NewKey() => Convert.ToBase64String(RandomNumberGenerator.GetBytes(32));

    private static TotpSecretProtector Protector(string key, string? previous = null)
        => new(Options(new() { [MfaOptions.EncryptionKeySetting] = key, [MfaOptions.PreviousEncryptionKeysSetting] = previous }));

    private static IOptions<MfaOptions> Options(Dictionary<string, string?> settings)
    {
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(settings).Build();
        var options = new MfaOptions();
        MfaOptions.Bind(options, configuration);
        return Microsoft.Extensions.Options.Options.Create(options);
    }
}
