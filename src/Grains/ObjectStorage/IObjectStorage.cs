namespace VetrAI.Grains.ObjectStorage;

/// <summary>Files of the platform (ticket attachments, reports) in an S3-compatible bucket. Content is
/// streamed both ways: no operation holds a whole object in memory.</summary>
public interface IObjectStorage
{
    /// <summary>Streams <paramref name="content"/> into the object at <paramref name="key"/>. When the
    /// content is longer than <paramref name="maxBytes"/> the upload is abandoned, nothing is left in the
    /// bucket, and <see cref="ObjectTooLargeException"/> is thrown.</summary>
    Task<StoredObjectInfo> UploadAsync(ObjectKey key, Stream content, string contentType, long maxBytes, CancellationToken cancellationToken);

    /// <summary>Opens the object for reading, or returns null when it does not exist. Dispose the result.</summary>
    Task<ObjectContent?> OpenReadAsync(ObjectKey key, CancellationToken cancellationToken);

    /// <summary>A short-lived URL that downloads the object without credentials.</summary>
    Task<Uri> GetDownloadUrlAsync(ObjectKey key, string? downloadFileName, CancellationToken cancellationToken);

    /// <summary>Deletes the object; deleting a missing object is not an error.</summary>
    Task DeleteAsync(ObjectKey key, CancellationToken cancellationToken);

    /// <summary>The objects of an organization whose path starts with <paramref name="pathPrefix"/>.</summary>
    Task<IReadOnlyList<StoredObjectInfo>> ListAsync(string organizationId, string pathPrefix, CancellationToken cancellationToken);

    /// <summary>Creates the bucket when it is missing.</summary>
    Task EnsureBucketAsync(CancellationToken cancellationToken);
}

/// <summary>An object in the bucket: its full key and size in bytes.</summary>
public sealed record StoredObjectInfo(string Key, long Size);

/// <summary>An object's bytes being read from the bucket.</summary>
public sealed class ObjectContent(Stream content, long length, string contentType, IDisposable response) : IAsyncDisposable, IDisposable
{
    /// <summary>The bytes, streamed from the bucket.</summary>
    public Stream Content { get; } = content;

    /// <summary>The object's size in bytes.</summary>
    public long Length { get; } = length;

    /// <summary>The content type the object was stored with.</summary>
    public string ContentType { get; } = contentType;

    /// <inheritdoc/>
    public async ValueTask DisposeAsync()
    {
        await Content.DisposeAsync();
        response.Dispose();
    }

    /// <inheritdoc/>
    public void Dispose()
    {
        Content.Dispose();
        response.Dispose();
    }
}
