using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace VetrAI.Grains.ObjectStorage;

/// <summary>Creates the bucket at start. A storage outage must not keep the API from starting (most of
/// it needs no files), so a failure is logged and the first upload tries again.</summary>
internal sealed partial class ObjectStorageBucketInitializer(IObjectStorage storage, ILogger<ObjectStorageBucketInitializer> logger) : IHostedService
{
    public async Task StartAsync(CancellationToken cancellationToken)
    {
        try
        {
            await storage.EnsureBucketAsync(cancellationToken);
        }
        catch (Exception e) when (e is Amazon.Runtime.AmazonServiceException or Amazon.Runtime.AmazonClientException or HttpRequestException)
        {
            LogBucketUnavailable(logger, e);
        }
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    [LoggerMessage(Level = LogLevel.Error, Message = "The object storage bucket could not be checked at start; uploads will try again")]
    private static partial void LogBucketUnavailable(ILogger logger, Exception exception);
}
