using VetrAI.Grains.ObjectStorage;

namespace VetrAI.Grains.Tests.ObjectStorage;

public sealed class S3ObjectStorageTests : IAsyncLifetime
{
    private S3TestStorage _s3 = null!;

    public async Task InitializeAsync() => _s3 = await S3TestStorage.CreateAsync();

    public async Task DisposeAsync() => await _s3.DisposeAsync();

    [Theory]
    [InlineData(0)]
    [InlineData(4_113)]
    [InlineData(5 * 1024 * 1024)]
    [InlineData(12 * 1024 * 1024 + 17)]
    public async Task Bytes_read_back_are_the_bytes_uploaded(int size)
    {
        var bytes = RandomBytes(size);
        var key = ObjectKey.Create("org-a", "files", $"f{size}.bin");

        var stored = await _s3.Storage.UploadAsync(key, new TrickleStream(bytes), "application/octet-stream", 64L * 1024 * 1024, CancellationToken.None);

        Assert.Equal(size, stored.Size);
        await using var content = await _s3.Storage.OpenReadAsync(key, CancellationToken.None);
        Assert.NotNull(content);
        Assert.Equal(size, content.Length);
        Assert.Equal("application/octet-stream", content.ContentType);
        using var copy = new MemoryStream();
        await content.Content.CopyToAsync(copy);
        Assert.True(bytes.AsSpan().SequenceEqual(copy.ToArray()), "downloaded bytes differ from the uploaded ones");
    }

    [Theory]
    [InlineData(1_000, 999)]
    [InlineData(12 * 1024 * 1024, 7 * 1024 * 1024)]
    [InlineData(12 * 1024 * 1024, 5 * 1024 * 1024)]
    public async Task An_upload_over_the_limit_fails_and_leaves_no_object(int size, long limit)
    {
        var key = ObjectKey.Create("org-a", "big", "file.bin");

        var error = await Assert.ThrowsAsync<ObjectTooLargeException>(
            () => _s3.Storage.UploadAsync(key, new TrickleStream(RandomBytes(size)), "application/octet-stream", limit, CancellationToken.None));

        Assert.Equal(limit, error.MaxBytes);
        Assert.Empty(await _s3.Storage.ListAsync("org-a", "", CancellationToken.None));
        Assert.Null(await _s3.Storage.OpenReadAsync(key, CancellationToken.None));
    }

    [Fact]
    public async Task An_upload_of_exactly_the_limit_is_stored()
    {
        var key = ObjectKey.Create("org-a", "exact.bin");
        await _s3.Storage.UploadAsync(key, new MemoryStream(RandomBytes(2048)), "application/pdf", 2048, CancellationToken.None);

        var listed = Assert.Single(await _s3.Storage.ListAsync("org-a", "", CancellationToken.None));
        Assert.Equal(("orgs/org-a/exact.bin", 2048L), (listed.Key, listed.Size));
    }

    [Fact]
    public async Task A_presigned_url_downloads_the_object_without_credentials()
    {
        var bytes = RandomBytes(70_000);
        var key = ObjectKey.Create("org-a", "signed.bin");
        await _s3.Storage.UploadAsync(key, new MemoryStream(bytes), "image/png", 1_000_000, CancellationToken.None);

        var url = await _s3.Storage.GetDownloadUrlAsync(key, "signed.bin", CancellationToken.None);
        using var http = new HttpClient();
        var downloaded = await http.GetByteArrayAsync(url);

        Assert.StartsWith(S3TestStorage.Endpoint, url.ToString(), StringComparison.Ordinal);
        Assert.Equal(bytes, downloaded);
    }

    [Fact]
    public async Task Objects_are_listed_per_organization_and_deleted()
    {
        await _s3.Storage.UploadAsync(ObjectKey.Create("org-a", "x.txt"), new MemoryStream([1]), "text/plain", 10, CancellationToken.None);
        await _s3.Storage.UploadAsync(ObjectKey.Create("org-b", "x.txt"), new MemoryStream([2]), "text/plain", 10, CancellationToken.None);

        Assert.Equal(["orgs/org-b/x.txt"], (await _s3.Storage.ListAsync("org-b", "", CancellationToken.None)).Select(o => o.Key));

        await _s3.Storage.DeleteAsync(ObjectKey.Create("org-b", "x.txt"), CancellationToken.None);
        await _s3.Storage.DeleteAsync(ObjectKey.Create("org-b", "x.txt"), CancellationToken.None);
        Assert.Empty(await _s3.Storage.ListAsync("org-b", "", CancellationToken.None));
        Assert.Single(await _s3.Storage.ListAsync("org-a", "", CancellationToken.None));
    }

    [Theory]
    [InlineData("org/a", "x")]
    [InlineData("", "x")]
    [InlineData("org", "..")]
    [InlineData("org", "a/b")]
    public void Keys_cannot_escape_the_organization_prefix(string organization, string segment) =>
        Assert.Throws<ArgumentException>(() => ObjectKey.Create(organization, segment));

    private static byte[] RandomBytes(int size)
    {
        var bytes = new byte[size];
        Random.Shared.NextBytes(bytes);
        return bytes;
    }

    /// <summary>Hands out odd-sized reads like a network stream, so buffering across reads is exercised.</summary>
    private sealed class TrickleStream(byte[] bytes) : MemoryStream(bytes, writable: false)
    {
        public override ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default) =>
            base.ReadAsync(buffer[..Math.Min(buffer.Length, 65_521)], cancellationToken);

        public override bool CanSeek => false;
    }
}
