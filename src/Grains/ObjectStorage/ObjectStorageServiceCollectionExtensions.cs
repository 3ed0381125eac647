using Amazon.Runtime;
using Amazon.S3;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;

namespace VetrAI.Grains.ObjectStorage;

/// <summary>Registers the platform's object storage.</summary>
public static class ObjectStorageServiceCollectionExtensions
{
    /// <summary>Adds <see cref="IObjectStorage"/> over AWSSDK.S3, configured from the VETRAI_S3_* settings
    /// and then from <paramref name="configure"/>. Safe to call more than once.</summary>
    public static IServiceCollection AddVetrAIObjectStorage(this IServiceCollection services, Action<ObjectStorageOptions>? configure = null)
    {
        ArgumentNullException.ThrowIfNull(services);
        var options = services.AddOptions<ObjectStorageOptions>()
            .Configure<IConfiguration>((o, configuration) =>
            {
                o.Endpoint = configuration["VETRAI_S3_ENDPOINT"] ?? o.Endpoint;
                o.AccessKey = configuration["VETRAI_S3_ACCESS_KEY"] ?? o.AccessKey;
                o.SecretKey = configuration["VETRAI_S3_SECRET_KEY"] ?? o.SecretKey;
                o.Bucket = configuration["VETRAI_S3_BUCKET"] ?? o.Bucket;
                o.Region = configuration["VETRAI_S3_REGION"] ?? o.Region;
            })
            .ValidateOnStart();
        if (configure is not null)
        {
            options.Configure(configure);
        }

        services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<ObjectStorageOptions>, ObjectStorageOptionsValidator>());
        services.TryAddSingleton(TimeProvider.System);
        services.TryAddSingleton<IObjectStorage>(sp => new S3ObjectStorage(
            CreateClient(sp.GetRequiredService<IOptions<ObjectStorageOptions>>().Value),
            sp.GetRequiredService<IOptions<ObjectStorageOptions>>(),
            sp.GetRequiredService<TimeProvider>(),
            sp.GetRequiredService<Microsoft.Extensions.Logging.ILogger<S3ObjectStorage>>()));
        services.TryAddEnumerable(ServiceDescriptor.Singleton<Microsoft.Extensions.Hosting.IHostedService, ObjectStorageBucketInitializer>());
        return services;
    }

    internal static AmazonS3Client CreateClient(ObjectStorageOptions options)
    {
        var config = new AmazonS3Config
        {
            ForcePathStyle = true,
            AuthenticationRegion = options.Region,
            // Trailing checksums would force aws-chunked bodies, which servers such as s3rver store verbatim.
            RequestChecksumCalculation = RequestChecksumCalculation.WHEN_REQUIRED,
            ResponseChecksumValidation = ResponseChecksumValidation.WHEN_REQUIRED,
        };
        if (options.IsConfigured)
        {
            config.ServiceURL = options.Endpoint;
        }
        else
        {
            // The SDK refuses a client without a destination; this one is never called (every operation
            // checks IsConfigured first), so no request can reach AWS by default.
            config.RegionEndpoint = Amazon.RegionEndpoint.GetBySystemName(options.Region);
        }

        // Credentials are always explicit: the SDK's default chain would probe instance-metadata addresses.
        AWSCredentials credentials = string.IsNullOrEmpty(options.AccessKey)
            ? new AnonymousAWSCredentials()
            : new BasicAWSCredentials(options.AccessKey, options.SecretKey ?? "");
        return new AmazonS3Client(credentials, config);
    }
}
