using System.Buffers;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Minio;
using Minio.DataModel.Args;
using Minio.Exceptions;
using VetrAI.Grains.Abstractions.Errors;

namespace VetrAI.Grains.ObjectStorage;

/// <summary><see cref="IObjectStorage"/> on the Minio .NET client. <paramref name="minio"/> is null when no
/// endpoint is configured: every operation then answers 503 and nothing is called.</summary>
internal sealed partial class MinioObjectStorage(IMinioClient? minio, IOptions<ObjectStorageOptions> options, TimeProvider time, ILogger<MinioObjectStorage> logger)
    : IObjectStorage, IDisposable
{
    /// <summary>Content shorter than this goes up in one PUT. Minio 7 draws the same line for a known size
    /// (its internal <c>Constants.MinimumPartSize</c>, 5 MiB): below it one request, above it parts.</summary>
    internal const int SinglePutLimit = 5 * 1024 * 1024;

    /// <summary>The longest stream of unknown length Minio 7 uploads: it plans for 10,000 parts of 5 MiB
    /// (<c>Constants.MaximumStreamObjectSize</c>) and stops reading there, so anything longer would be cut short.</summary>
    internal const long MaxUnknownLengthBytes = 10_000L * 5 * 1024 * 1024;

    private readonly ObjectStorageOptions _options = options.Value;
    private readonly SemaphoreSlim _bucketGate = new(1, 1);
    private volatile bool _bucketReady;

    public async Task<StoredObjectInfo> UploadAsync(ObjectKey key, Stream content, string contentType, long maxBytes, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(content);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(maxBytes, MaxUnknownLengthBytes);
        var client = Client();
        await EnsureBucketAsync(cancellationToken);

        var limited = new LimitedReadStream(content, maxBytes, cancellationToken);
        var head = ArrayPool<byte>.Shared.Rent(SinglePutLimit);
        try
        {
            var headLength = await limited.FillAsync(head.AsMemory(0, SinglePutLimit));
            if (headLength < SinglePutLimit)
            {
                // Small (the usual attachment): one request, its length known.
                using var body = new MemoryStream(head, 0, headLength, writable: false);
                await client.PutObjectAsync(PutArgs(key, contentType).WithStreamData(body).WithObjectSize(headLength), cancellationToken);
                return new StoredObjectInfo(key.FullKey, headLength);
            }

            // Length unknown (-1): Minio uploads it in parts, reading one part buffer at a time.
            var rest = new PrefixedReadStream(head.AsMemory(0, headLength), limited);
            try
            {
                await client.PutObjectAsync(PutArgs(key, contentType).WithStreamData(rest).WithObjectSize(-1), cancellationToken);
            }
            catch
            {
                // Minio leaves a failed multipart upload open; its parts are invisible but take space.
                await AbortAsync(client, key);
                throw;
            }

            return new StoredObjectInfo(key.FullKey, limited.BytesRead);
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(head);
        }
    }

    public async Task<ObjectContent?> OpenReadAsync(ObjectKey key, CancellationToken cancellationToken)
    {
        var client = Client();
        Minio.DataModel.ObjectStat stat;
        try
        {
            stat = await client.StatObjectAsync(new StatObjectArgs().WithBucket(_options.Bucket).WithObject(key.FullKey), cancellationToken);
        }
        catch (ObjectNotFoundException)
        {
            return null;
        }

        var download = new ObjectDownload();
        var transfer = client.GetObjectAsync(
            new GetObjectArgs().WithBucket(_options.Bucket).WithObject(key.FullKey).WithCallbackStream(download.ReceiveAsync), cancellationToken);
        Stream body;
        try
        {
            body = await download.WaitForBodyAsync(transfer, cancellationToken);
        }
        catch (ObjectNotFoundException)
        {
            // Deleted between the two requests.
            return null;
        }

        var contentType = string.IsNullOrEmpty(stat.ContentType) ? "application/octet-stream" : stat.ContentType;
        return new ObjectContent(body, stat.Size, contentType, download);
    }

    public async Task<Uri> GetDownloadUrlAsync(ObjectKey key, string? downloadFileName, CancellationToken cancellationToken)
    {
        var client = Client();
        cancellationToken.ThrowIfCancellationRequested();
        var args = new PresignedGetObjectArgs()
            .WithBucket(_options.Bucket)
            .WithObject(key.FullKey)
            .WithExpiry((int)_options.DownloadUrlLifetime.TotalSeconds)
            .WithRequestDate(time.GetUtcNow().UtcDateTime);
        if (downloadFileName is not null)
        {
            // Minio turns these "headers" into the URL's response-* query parameters (signed with it).
            args.WithHeaders(new Dictionary<string, string>(StringComparer.Ordinal)
            {
                ["response-content-disposition"] = $"attachment; filename=\"{downloadFileName}\"",
            });
        }

        return new Uri(await client.PresignedGetObjectAsync(args));
    }

    public async Task DeleteAsync(ObjectKey key, CancellationToken cancellationToken)
    {
        var client = Client();
        try
        {
            await client.RemoveObjectAsync(new RemoveObjectArgs().WithBucket(_options.Bucket).WithObject(key.FullKey), cancellationToken);
        }
        catch (ObjectNotFoundException)
        {
            // Already gone: deleting is idempotent.
        }
    }

    public async Task<IReadOnlyList<StoredObjectInfo>> ListAsync(string organizationId, string pathPrefix, CancellationToken cancellationToken)
    {
        var client = Client();
        var args = new ListObjectsArgs().WithBucket(_options.Bucket).WithPrefix(ObjectKey.Prefix(organizationId) + pathPrefix).WithRecursive(true);
        var objects = new List<StoredObjectInfo>();
        await foreach (var item in client.ListObjectsEnumAsync(args, cancellationToken))
        {
            objects.Add(new StoredObjectInfo(item.Key, checked((long)item.Size)));
        }

        return objects;
    }

    public async Task EnsureBucketAsync(CancellationToken cancellationToken)
    {
        var client = Client();
        if (_bucketReady)
        {
            return;
        }

        await _bucketGate.WaitAsync(cancellationToken);
        try
        {
            if (_bucketReady)
            {
                return;
            }

            var exists = new BucketExistsArgs().WithBucket(_options.Bucket);
            if (!await client.BucketExistsAsync(exists, cancellationToken))
            {
                try
                {
                    await client.MakeBucketAsync(new MakeBucketArgs().WithBucket(_options.Bucket).WithLocation(_options.Region), cancellationToken);
                    LogBucketCreated(logger, _options.Bucket);
                }
                catch (MinioException)
                {
                    // Another silo may have created it meanwhile: exactly what we wanted. Otherwise the error stands.
                    if (!await client.BucketExistsAsync(exists, cancellationToken))
                    {
                        throw;
                    }
                }
            }

            _bucketReady = true;
        }
        finally
        {
            _bucketGate.Release();
        }
    }

    public void Dispose()
    {
        minio?.Dispose();
        _bucketGate.Dispose();
    }

    private IMinioClient Client() =>
        minio ?? throw new ServiceUnavailableException("File storage is not configured on this server (VETRAI_S3_ENDPOINT).");

    private PutObjectArgs PutArgs(ObjectKey key, string contentType) =>
        new PutObjectArgs().WithBucket(_options.Bucket).WithObject(key.FullKey).WithContentType(contentType);

    private async Task AbortAsync(IMinioClient client, ObjectKey key)
    {
        // Runs after a failure or a cancelled request too: the parts must go whatever the caller's token says.
        // Object keys are unique per upload (reports: per job), so every open upload of this key is this one.
        try
        {
            await client.RemoveIncompleteUploadAsync(
                new RemoveIncompleteUploadArgs().WithBucket(_options.Bucket).WithObject(key.FullKey), CancellationToken.None);
        }
        catch (Exception e)
        {
            // Whatever went wrong here, the caller must see the error that ended the upload, not this one
            // (s3rver, for one, answers NotImplemented, which Minio raises as System.NotImplementedException).
            LogAbortFailed(logger, key.FullKey, e);
        }
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Created bucket {Bucket}")]
    private static partial void LogBucketCreated(ILogger logger, string bucket);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Could not abort the multipart upload of {Key}; its parts stay until the bucket's lifecycle removes them")]
    private static partial void LogAbortFailed(ILogger logger, string key, Exception exception);
}
