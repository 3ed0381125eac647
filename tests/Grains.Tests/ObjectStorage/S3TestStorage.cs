using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using VetrAI.Grains.ObjectStorage;

namespace VetrAI.Grains.Tests.ObjectStorage;

/// <summary>An <see cref="IObjectStorage"/> on the s3rver that ./test.sh started, in a bucket of its own.</summary>
public sealed class S3TestStorage : IAsyncDisposable
{
    private readonly ServiceProvider _services;

    private S3TestStorage(ServiceProvider services, string bucket)
    {
        _services = services;
        Bucket = bucket;
        Storage = services.GetRequiredService<IObjectStorage>();
    }

    public string Bucket { get; }

    public IObjectStorage Storage { get; }

    public static string Endpoint =>
        Environment.GetEnvironmentVariable("VETRAI_TEST_S3_ENDPOINT")
        ?? throw new InvalidOperationException("VETRAI_TEST_S3_ENDPOINT is not set: run the tests with ./test.sh, which starts s3rver and sets it.");

    public static void Configure(ObjectStorageOptions options, string bucket)
    {
        options.Endpoint = Endpoint;
        options.AccessKey = "S3RVER";
        options.SecretKey = "S3RVER";
        options.Bucket = bucket;
    }

    public static async Task<S3TestStorage> CreateAsync()
    {
        var bucket = $"t-{Guid.NewGuid():N}";
        var services = new ServiceCollection()
            .AddLogging()
            .AddSingleton<IConfiguration>(new ConfigurationBuilder().Build())
            .AddVetrAIObjectStorage(o => Configure(o, bucket))
            .BuildServiceProvider(new ServiceProviderOptions { ValidateOnBuild = true });
        var storage = new S3TestStorage(services, bucket);
        await storage.Storage.EnsureBucketAsync(CancellationToken.None);
        return storage;
    }

    public ValueTask DisposeAsync() => _services.DisposeAsync();
}
