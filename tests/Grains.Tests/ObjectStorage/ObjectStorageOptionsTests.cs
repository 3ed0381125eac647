using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using VetrAI.Grains.ObjectStorage;

namespace VetrAI.Grains.Tests.ObjectStorage;

public sealed class ObjectStorageOptionsTests
{
    [Theory]
    [InlineData("http://127.0.0.1:9000", null, "S3RVER", "VETRAI_S3_ACCESS_KEY and VETRAI_S3_SECRET_KEY")]
    [InlineData("http://127.0.0.1:9000", "S3RVER", "", "VETRAI_S3_ACCESS_KEY and VETRAI_S3_SECRET_KEY")]
    [InlineData("http://minio:9000/s3", "S3RVER", "S3RVER", "VETRAI_S3_ENDPOINT 'http://minio:9000/s3' must be the server's root URL")]
    [InlineData("ftp://minio:9000", "S3RVER", "S3RVER", "VETRAI_S3_ENDPOINT 'ftp://minio:9000' is not an absolute http(s) URL")]
    public void A_bad_setting_is_refused_naming_it(string endpoint, string? accessKey, string secretKey, string message)
    {
        using var services = Services(new()
        {
            ["VETRAI_S3_ENDPOINT"] = endpoint,
            ["VETRAI_S3_ACCESS_KEY"] = accessKey,
            ["VETRAI_S3_SECRET_KEY"] = secretKey,
        });

        var error = Assert.Throws<OptionsValidationException>(() => services.GetRequiredService<IOptions<ObjectStorageOptions>>().Value);

        Assert.Contains(error.Failures, f => f.StartsWith(message, StringComparison.Ordinal));
    }

    [Theory]
    [InlineData("http://127.0.0.1:9000")]
    [InlineData("https://minio.minio.svc.cluster.local/")]
    public void A_root_url_with_both_keys_is_accepted(string endpoint)
    {
        using var services = Services(new() { ["VETRAI_S3_ENDPOINT"] = endpoint, ["VETRAI_S3_ACCESS_KEY"] = "a", ["VETRAI_S3_SECRET_KEY"] = "b" });

        Assert.True(services.GetRequiredService<IOptions<ObjectStorageOptions>>().Value.IsConfigured);
        Assert.NotNull(services.GetRequiredService<IObjectStorage>());
    }

    private static ServiceProvider Services(Dictionary<string, string?> settings) =>
        new ServiceCollection()
            .AddLogging()
            .AddSingleton<IConfiguration>(new ConfigurationBuilder().AddInMemoryCollection(settings).Build())
            .AddVetrAIObjectStorage()
            .BuildServiceProvider();
}
