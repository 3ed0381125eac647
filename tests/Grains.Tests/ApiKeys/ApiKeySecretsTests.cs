using System.Security.Cryptography;
using System.Text;
using VetrAI.Grains.Abstractions.ApiKeys;

namespace VetrAI.Grains.Tests.ApiKeys;

public sealed class ApiKeySecretsTests
{
    [Fact]
    public void A_new_secret_is_prefixed_base62_of_fixed_length_and_well_formed()
    {
        var secrets = Enumerable.Range(0, 200).Select(_ => ApiKeySecrets.Create()).ToArray();
        Assert.All(secrets, s =>
        {
            Assert.StartsWith("vetrai_", s, StringComparison.Ordinal);
            Assert.Equal(ApiKeySecrets.Length, s.Length);
            Assert.True(ApiKeySecrets.IsWellFormed(s));
        });
        Assert.Equal(secrets.Length, secrets.Distinct().Count());
    }

    [Theory]
    [InlineData("")]
    [InlineData("vetrai_")]
    [InlineData("vetrai_0000000000000000000000000000000000000000000+")]
    [InlineData("other_00000000000000000000000000000000000000000000")]
    [InlineData("vetrai_00000000000000000000000000000000000000000000")]
    public void Malformed_secrets_are_recognised(string secret) => Assert.False(ApiKeySecrets.IsWellFormed(secret));

    [Fact]
    public void The_hash_is_lowercase_hex_sha256_of_the_utf8_secret()
    {
        var secret = ApiKeySecrets.Create();
        var expected = Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(secret)));
        Assert.Equal(expected, ApiKeySecrets.Hash(secret));
    }

    [Fact]
    public void The_display_prefix_is_vetrai_and_six_characters()
    {
        var secret = ApiKeySecrets.Create();
        Assert.Equal(secret[..13], ApiKeySecrets.DisplayPrefix(secret));
    }
}
