using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Minio;

namespace VetrAI.Grains.ObjectStorage;

/// <summary>Registers the platform's object storage.</summary>
public static class ObjectStorageServiceCollectionExtensions
{
    /// <summary>Adds <see cref="IObjectStorage"/> over the Minio client, configured from the VETRAI_S3_* settings
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
        services.TryAddSingleton<IObjectStorage>(sp =>
        {
            var settings = sp.GetRequiredService<IOptions<ObjectStorageOptions>>();
            return new MinioObjectStorage(
                CreateClient(settings.Value), settings, sp.GetRequiredService<TimeProvider>(), sp.GetRequiredService<ILogger<MinioObjectStorage>>());
        });
        services.TryAddEnumerable(ServiceDescriptor.Singleton<Microsoft.Extensions.Hosting.IHostedService, ObjectStorageBucketInitializer>());
        return services;
    }

    /// <summary>The client for the configured endpoint, or null without one (so nothing can be called).</summary>
    internal static IMinioClient? CreateClient(ObjectStorageOptions options)
    {
        if (!options.IsConfigured)
        {
            return null;
        }

        var endpoint = new Uri(options.Endpoint!, UriKind.Absolute);
        return new MinioClient()
            .WithEndpoint(endpoint.Host, endpoint.Port)
            .WithSSL(endpoint.Scheme == Uri.UriSchemeHttps)
            .WithCredentials(options.AccessKey, options.SecretKey)
            // An explicit region spares the client a GetBucketLocation request before the first call.
            .WithRegion(options.Region)
            .WithHttpClient(new HttpClient(new S3rverListNamespaceHandler()), disposeHttpClient: true)
            .Build();
    }
}
