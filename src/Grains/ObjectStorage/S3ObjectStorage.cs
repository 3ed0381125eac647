using System.Buffers;
using System.Net;
using Amazon.S3;
using Amazon.S3.Model;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using VetrAI.Grains.Abstractions.Errors;

namespace VetrAI.Grains.ObjectStorage;

internal sealed partial class S3ObjectStorage(IAmazonS3 s3, IOptions<ObjectStorageOptions> options, TimeProvider time, ILogger<S3ObjectStorage> logger)
    : IObjectStorage
{
    private readonly ObjectStorageOptions _options = options.Value;
    private readonly SemaphoreSlim _bucketGate = new(1, 1);
    private volatile bool _bucketReady;

    public async Task<StoredObjectInfo> UploadAsync(ObjectKey key, Stream content, string contentType, long maxBytes, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(content);
        await EnsureBucketAsync(cancellationToken);
        var partSize = _options.PartSizeBytes;
        var buffer = ArrayPool<byte>.Shared.Rent(partSize);
        try
        {
            var count = await FillAsync(content, buffer, partSize, cancellationToken);
            if (count > maxBytes)
            {
                throw new ObjectTooLargeException(maxBytes);
            }

            if (count < partSize)
            {
                // The whole content fit in one buffer: one plain PUT, no multipart bookkeeping.
                await PutAsync(key, contentType, buffer, count, cancellationToken);
                return new StoredObjectInfo(key.FullKey, count);
            }

            return await UploadMultipartAsync(key, content, contentType, maxBytes, buffer, count, cancellationToken);
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(buffer);
        }
    }

    public async Task<ObjectContent?> OpenReadAsync(ObjectKey key, CancellationToken cancellationToken)
    {
        EnsureConfigured();
        GetObjectResponse response;
        try
        {
            response = await s3.GetObjectAsync(_options.Bucket, key.FullKey, cancellationToken);
        }
        catch (AmazonS3Exception e) when (e.StatusCode == HttpStatusCode.NotFound)
        {
            return null;
        }

        var contentType = string.IsNullOrEmpty(response.Headers.ContentType) ? "application/octet-stream" : response.Headers.ContentType;
        return new ObjectContent(response.ResponseStream, response.ContentLength, contentType, response);
    }

    public async Task<Uri> GetDownloadUrlAsync(ObjectKey key, string? downloadFileName, CancellationToken cancellationToken)
    {
        EnsureConfigured();
        var request = new GetPreSignedUrlRequest
        {
            BucketName = _options.Bucket,
            Key = key.FullKey,
            Verb = HttpVerb.GET,
            Expires = time.GetUtcNow().Add(_options.DownloadUrlLifetime).UtcDateTime,
            // The SDK assumes https unless told; a local http endpoint needs its own scheme back.
            Protocol = _options.Endpoint?.StartsWith("http://", StringComparison.OrdinalIgnoreCase) == true ? Protocol.HTTP : Protocol.HTTPS,
        };
        if (downloadFileName is not null)
        {
            request.ResponseHeaderOverrides.ContentDisposition = $"attachment; filename=\"{downloadFileName}\"";
        }

        cancellationToken.ThrowIfCancellationRequested();
        return new Uri(await s3.GetPreSignedURLAsync(request));
    }

    public async Task DeleteAsync(ObjectKey key, CancellationToken cancellationToken)
    {
        EnsureConfigured();
        try
        {
            await s3.DeleteObjectAsync(_options.Bucket, key.FullKey, cancellationToken);
        }
        catch (AmazonS3Exception e) when (e.StatusCode == HttpStatusCode.NotFound)
        {
            // Already gone: deleting is idempotent.
        }
    }

    public async Task<IReadOnlyList<StoredObjectInfo>> ListAsync(string organizationId, string pathPrefix, CancellationToken cancellationToken)
    {
        EnsureConfigured();
        var objects = new List<StoredObjectInfo>();
        var request = new ListObjectsV2Request { BucketName = _options.Bucket, Prefix = ObjectKey.Prefix(organizationId) + pathPrefix };
        while (true)
        {
            var response = await s3.ListObjectsV2Async(request, cancellationToken);
            foreach (var item in response.S3Objects ?? [])
            {
                objects.Add(new StoredObjectInfo(item.Key, item.Size ?? 0));
            }

            if (response.IsTruncated != true)
            {
                return objects;
            }

            request.ContinuationToken = response.NextContinuationToken;
        }
    }

    public async Task EnsureBucketAsync(CancellationToken cancellationToken)
    {
        EnsureConfigured();
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

            try
            {
                await s3.PutBucketAsync(new PutBucketRequest { BucketName = _options.Bucket }, cancellationToken);
                LogBucketCreated(logger, _options.Bucket);
            }
            catch (AmazonS3Exception e) when (e.ErrorCode is "BucketAlreadyOwnedByYou" or "BucketAlreadyExists")
            {
                // Created before (by us or another silo): exactly what we wanted.
            }

            _bucketReady = true;
        }
        finally
        {
            _bucketGate.Release();
        }
    }

    private void EnsureConfigured()
    {
        if (!_options.IsConfigured)
        {
            throw new ServiceUnavailableException("File storage is not configured on this server (VETRAI_S3_ENDPOINT).");
        }
    }

    private async Task<StoredObjectInfo> UploadMultipartAsync(
        ObjectKey key, Stream content, string contentType, long maxBytes, byte[] buffer, int count, CancellationToken cancellationToken)
    {
        var started = await s3.InitiateMultipartUploadAsync(
            new InitiateMultipartUploadRequest { BucketName = _options.Bucket, Key = key.FullKey, ContentType = contentType }, cancellationToken);
        try
        {
            var parts = new List<PartETag>();
            long total = count;
            var partNumber = 1;
            while (count > 0)
            {
                using var part = new MemoryStream(buffer, 0, count, writable: false);
                var uploaded = await s3.UploadPartAsync(
                    new UploadPartRequest
                    {
                        BucketName = _options.Bucket,
                        Key = key.FullKey,
                        UploadId = started.UploadId,
                        PartNumber = partNumber,
                        InputStream = part,
                        PartSize = count,
                        UseChunkEncoding = false,
                    },
                    cancellationToken);
                parts.Add(new PartETag(partNumber, uploaded.ETag));
                partNumber++;

                count = await FillAsync(content, buffer, _options.PartSizeBytes, cancellationToken);
                total += count;
                if (total > maxBytes)
                {
                    throw new ObjectTooLargeException(maxBytes);
                }
            }

            await s3.CompleteMultipartUploadAsync(
                new CompleteMultipartUploadRequest { BucketName = _options.Bucket, Key = key.FullKey, UploadId = started.UploadId, PartETags = parts },
                cancellationToken);
            return new StoredObjectInfo(key.FullKey, total);
        }
        catch
        {
            await AbortAsync(key, started.UploadId);
            throw;
        }
    }

    private async Task PutAsync(ObjectKey key, string contentType, byte[] buffer, int count, CancellationToken cancellationToken)
    {
        using var body = new MemoryStream(buffer, 0, count, writable: false);
        await s3.PutObjectAsync(
            new PutObjectRequest
            {
                BucketName = _options.Bucket,
                Key = key.FullKey,
                InputStream = body,
                ContentType = contentType,
                AutoCloseStream = false,
                UseChunkEncoding = false,
            },
            cancellationToken);
    }

    private async Task AbortAsync(ObjectKey key, string uploadId)
    {
        // Runs after a failure or a cancelled request too: the parts must go whatever the caller's token says.
        try
        {
            await s3.AbortMultipartUploadAsync(
                new AbortMultipartUploadRequest { BucketName = _options.Bucket, Key = key.FullKey, UploadId = uploadId }, CancellationToken.None);
        }
        catch (AmazonS3Exception e)
        {
            LogAbortFailed(logger, key.FullKey, e);
        }
    }

    private static async Task<int> FillAsync(Stream content, byte[] buffer, int size, CancellationToken cancellationToken)
    {
        var filled = 0;
        while (filled < size)
        {
            var read = await content.ReadAsync(buffer.AsMemory(filled, size - filled), cancellationToken);
            if (read == 0)
            {
                break;
            }

            filled += read;
        }

        return filled;
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Created bucket {Bucket}")]
    private static partial void LogBucketCreated(ILogger logger, string bucket);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Could not abort the multipart upload of {Key}; its parts stay until the bucket's lifecycle removes them")]
    private static partial void LogAbortFailed(ILogger logger, string key, Exception exception);
}
