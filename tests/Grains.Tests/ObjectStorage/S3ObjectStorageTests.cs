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

    [Fact]
    public async Task An_upload_of_several_parts_reads_back_byte_for_byte_directly_and_through_a_presigned_url()
    {
        // Past Minio's 16 MiB part buffer twice, with a short last part: three parts of an unknown-length upload.
        var bytes = RandomBytes(37 * 1024 * 1024 + 3);
        var key = ObjectKey.Create("org-a", "reports", "big.csv");

        var stored = await _s3.Storage.UploadAsync(key, new TrickleStream(bytes), "text/csv", 64L * 1024 * 1024, CancellationToken.None);

        Assert.Equal(bytes.Length, stored.Size);
        await using (var content = await _s3.Storage.OpenReadAsync(key, CancellationToken.None))
        {
            Assert.NotNull(content);
            Assert.Equal(("text/csv", (long)bytes.Length), (content.ContentType, content.Length));
            AssertSameBytes(bytes, await ReadAllAsync(content.Content), "direct download");
        }

        using var http = new HttpClient();
        using var response = await http.GetAsync(await _s3.Storage.GetDownloadUrlAsync(key, "big.csv", CancellationToken.None));
        response.EnsureSuccessStatusCode();
        Assert.Equal("attachment; filename=\"big.csv\"", response.Content.Headers.ContentDisposition?.ToString());
        AssertSameBytes(bytes, await response.Content.ReadAsByteArrayAsync(), "presigned download");
    }

    [Fact]
    public async Task An_upload_in_parts_of_exactly_the_limit_is_stored()
    {
        var bytes = RandomBytes(6 * 1024 * 1024);
        var key = ObjectKey.Create("org-a", "exact-parts.bin");

        var stored = await _s3.Storage.UploadAsync(key, new TrickleStream(bytes), "application/zip", bytes.Length, CancellationToken.None);

        Assert.Equal(bytes.Length, stored.Size);
        await using var content = await _s3.Storage.OpenReadAsync(key, CancellationToken.None);
        Assert.NotNull(content);
        AssertSameBytes(bytes, await ReadAllAsync(content.Content), "direct download");
    }

    [Fact]
    public async Task An_upload_found_too_large_after_a_part_went_up_leaves_nothing()
    {
        var key = ObjectKey.Create("org-a", "big", "parts.bin");

        // The first 16 MiB part is stored before the limit is crossed in the second.
        await Assert.ThrowsAsync<ObjectTooLargeException>(() => _s3.Storage.UploadAsync(
            key, new TrickleStream(RandomBytes(40 * 1024 * 1024)), "application/octet-stream", 20L * 1024 * 1024, CancellationToken.None));

        Assert.Empty(await _s3.Storage.ListAsync("org-a", "", CancellationToken.None));
        Assert.Null(await _s3.Storage.OpenReadAsync(key, CancellationToken.None));
    }

    [Fact]
    public async Task An_upload_whose_sender_hangs_up_midway_leaves_nothing()
    {
        var key = ObjectKey.Create("org-a", "cut.bin");

        var error = await Assert.ThrowsAsync<IOException>(() => _s3.Storage.UploadAsync(
            key, new BrokenStream(RandomBytes(20 * 1024 * 1024), 18 * 1024 * 1024), "application/octet-stream", 64L * 1024 * 1024, CancellationToken.None));

        Assert.Equal(BrokenStream.Message, error.Message);
        Assert.Empty(await _s3.Storage.ListAsync("org-a", "", CancellationToken.None));
    }

    [Fact]
    public async Task Listing_filters_by_path_prefix_within_the_organization()
    {
        await _s3.Storage.UploadAsync(ObjectKey.Create("org-a", "tickets", "t1", "a.txt"), new MemoryStream([1, 2, 3]), "text/plain", 10, CancellationToken.None);
        await _s3.Storage.UploadAsync(ObjectKey.Create("org-a", "tickets", "t2", "b.txt"), new MemoryStream([4]), "text/plain", 10, CancellationToken.None);
        await _s3.Storage.UploadAsync(ObjectKey.Create("org-a", "reports", "r.csv"), new MemoryStream([5]), "text/csv", 10, CancellationToken.None);
        // An organization whose id starts with the other's must not show up in it.
        await _s3.Storage.UploadAsync(ObjectKey.Create("org-ab", "tickets", "t1", "c.txt"), new MemoryStream([6]), "text/plain", 10, CancellationToken.None);

        var tickets = await _s3.Storage.ListAsync("org-a", "tickets/", CancellationToken.None);

        Assert.Equal(
            [("orgs/org-a/tickets/t1/a.txt", 3L), ("orgs/org-a/tickets/t2/b.txt", 1L)],
            tickets.Select(o => (o.Key, o.Size)).Order());
        Assert.Equal(3, (await _s3.Storage.ListAsync("org-a", "", CancellationToken.None)).Count);
    }

    [Fact]
    public async Task Downloads_read_side_by_side_get_each_their_own_bytes()
    {
        var first = RandomBytes(300_000);
        var second = RandomBytes(7 * 1024 * 1024);
        await _s3.Storage.UploadAsync(ObjectKey.Create("org-a", "one.bin"), new MemoryStream(first), "application/pdf", 10_000_000, CancellationToken.None);
        await _s3.Storage.UploadAsync(ObjectKey.Create("org-a", "two.bin"), new MemoryStream(second), "application/pdf", 10_000_000, CancellationToken.None);

        await using var one = await _s3.Storage.OpenReadAsync(ObjectKey.Create("org-a", "one.bin"), CancellationToken.None);
        await using var two = await _s3.Storage.OpenReadAsync(ObjectKey.Create("org-a", "two.bin"), CancellationToken.None);
        // A download dropped unread must not hold up the others.
        await (await _s3.Storage.OpenReadAsync(ObjectKey.Create("org-a", "two.bin"), CancellationToken.None))!.DisposeAsync();

        Assert.NotNull(one);
        Assert.NotNull(two);
        var reads = await Task.WhenAll(ReadAllAsync(one.Content), ReadAllAsync(two.Content));
        AssertSameBytes(first, reads[0], "first download");
        AssertSameBytes(second, reads[1], "second download");
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

    private static void AssertSameBytes(byte[] expected, byte[] actual, string what) =>
        Assert.True(expected.AsSpan().SequenceEqual(actual), $"{what}: {actual.Length} bytes that differ from the {expected.Length} uploaded");

    private static async Task<byte[]> ReadAllAsync(Stream stream)
    {
        using var copy = new MemoryStream();
        await stream.CopyToAsync(copy);
        return copy.ToArray();
    }

    /// <summary>A sender whose connection breaks after <paramref name="failAfter"/> bytes.</summary>
    private sealed class BrokenStream(byte[] bytes, int failAfter) : MemoryStream(bytes, writable: false)
    {
        public const string Message = "The client hung up.";

        public override ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default) =>
            Position >= failAfter ? throw new IOException(Message) : base.ReadAsync(buffer[..Math.Min(buffer.Length, failAfter - (int)Position)], cancellationToken);

        public override bool CanSeek => false;
    }

    /// <summary>Hands out odd-sized reads like a network stream, so buffering across reads is exercised.</summary>
    private sealed class TrickleStream(byte[] bytes) : MemoryStream(bytes, writable: false)
    {
        public override ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default) =>
            base.ReadAsync(buffer[..Math.Min(buffer.Length, 65_521)], cancellationToken);

        public override bool CanSeek => false;
    }
}
