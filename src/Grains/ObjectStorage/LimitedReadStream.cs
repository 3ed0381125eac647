namespace VetrAI.Grains.ObjectStorage;

/// <summary>Counts what is read from the source and throws <see cref="ObjectTooLargeException"/> as soon as
/// it goes past the limit, so an upload of unknown length is refused without holding it whole. Reads use
/// the upload's token when the reader passes none: the Minio client reads part buffers without one.</summary>
internal sealed class LimitedReadStream(Stream source, long maxBytes, CancellationToken uploadCancellation) : ForwardReadStream(source)
{
    /// <summary>Bytes read so far: the object's size once the source is exhausted.</summary>
    public long BytesRead { get; private set; }

    public override int Read(Span<byte> buffer) => Count(Source.Read(buffer));

    public override async ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default) =>
        Count(await Source.ReadAsync(buffer, cancellationToken.CanBeCanceled ? cancellationToken : uploadCancellation));

    /// <summary>Reads until <paramref name="buffer"/> is full or the source ends; returns the bytes read.</summary>
    public async Task<int> FillAsync(Memory<byte> buffer)
    {
        var filled = 0;
        while (filled < buffer.Length)
        {
            var read = await ReadAsync(buffer[filled..], uploadCancellation);
            if (read == 0)
            {
                break;
            }

            filled += read;
        }

        return filled;
    }

    private int Count(int read)
    {
        BytesRead += read;
        return BytesRead > maxBytes ? throw new ObjectTooLargeException(maxBytes) : read;
    }
}
