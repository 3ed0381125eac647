using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace VetrAI.Grains.ObjectStorage;

/// <summary>Creates the bucket at start, in the background: a storage outage must not keep the API from
/// starting (most of it needs no files), so a failure is logged and the first upload tries again.</summary>
internal sealed partial class ObjectStorageBucketInitializer(
    IObjectStorage storage, IOptions<ObjectStorageOptions> options, ILogger<ObjectStorageBucketInitializer> logger) : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        if (!options.Value.IsConfigured)
        {
            LogNotConfigured(logger);
            return;
        }

        try
        {
            await storage.EnsureBucketAsync(stoppingToken);
        }
        catch (Exception e) when (e is Minio.Exceptions.MinioException or HttpRequestException)
        {
            LogBucketUnavailable(logger, e);
        }
    }

    [LoggerMessage(Level = LogLevel.Error, Message = "The object storage bucket could not be checked at start; uploads will try again")]
    private static partial void LogBucketUnavailable(ILogger logger, Exception exception);

    [LoggerMessage(Level = LogLevel.Warning, Message = "VETRAI_S3_ENDPOINT is not set: attachments and reports are unavailable")]
    private static partial void LogNotConfigured(ILogger logger);
}
