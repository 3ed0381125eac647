namespace VetrAI.Grains.ObjectStorage;

/// <summary>Bytes already read from a source (to decide how to upload them), followed by the rest of it.</summary>
internal sealed class PrefixedReadStream(ReadOnlyMemory<byte> head, Stream rest) : ForwardReadStream(rest)
{
    private ReadOnlyMemory<byte> _head = head;

    public override int Read(Span<byte> buffer) => _head.IsEmpty ? Source.Read(buffer) : TakeHead(buffer);

    public override ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default) =>
        _head.IsEmpty ? Source.ReadAsync(buffer, cancellationToken) : ValueTask.FromResult(TakeHead(buffer.Span));

    private int TakeHead(Span<byte> buffer)
    {
        var count = Math.Min(buffer.Length, _head.Length);
        _head.Span[..count].CopyTo(buffer);
        _head = _head[count..];
        return count;
    }
}
