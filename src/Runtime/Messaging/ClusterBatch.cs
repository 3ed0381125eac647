using System.Buffers.Binary;

namespace VetrAI.Runtime.Messaging;

/// <summary>The framing of <c>POST /cluster/batch</c>: several call envelopes in one request, and their
/// answers streamed back one frame each, in the order they complete, so a slow call never holds back
/// the answers of the fast ones sent with it.
/// Request body: int32 count, then count times (int32 length, request envelope).
/// Response body: one frame per call, (int32 index in the request, int32 length, response envelope).
/// Integers are little-endian.</summary>
internal static class ClusterBatch
{
    public const string ContentType = "application/vnd.vetrai.call-batch";

    public const int FrameHeaderLength = 8;

    /// <summary>Most calls in one batch; more wait for the next request.</summary>
    public const int MaxCalls = 256;

    public static byte[] EncodeRequests(IReadOnlyList<byte[]> envelopes)
    {
        var length = 4;
        foreach (var envelope in envelopes)
        {
            length += 4 + envelope.Length;
        }

        var body = new byte[length];
        BinaryPrimitives.WriteInt32LittleEndian(body, envelopes.Count);
        var position = 4;
        foreach (var envelope in envelopes)
        {
            BinaryPrimitives.WriteInt32LittleEndian(body.AsSpan(position), envelope.Length);
            envelope.CopyTo(body, position + 4);
            position += 4 + envelope.Length;
        }

        return body;
    }

    public static List<RemoteCallRequest> DecodeRequests(ReadOnlySpan<byte> body)
    {
        if (body.Length < 4)
        {
            throw new InvalidDataException("Truncated call batch.");
        }

        var count = BinaryPrimitives.ReadInt32LittleEndian(body);
        if (count is < 1 or > MaxCalls)
        {
            throw new InvalidDataException($"A call batch holds 1 to {MaxCalls} calls, not {count}.");
        }

        var calls = new List<RemoteCallRequest>(count);
        var position = 4;
        for (var i = 0; i < count; i++)
        {
            if (body.Length - position < 4)
            {
                throw new InvalidDataException("Truncated call batch.");
            }

            var length = BinaryPrimitives.ReadInt32LittleEndian(body[position..]);
            position += 4;
            if (length < 0 || length > body.Length - position)
            {
                throw new InvalidDataException("Truncated call batch.");
            }

            calls.Add(ClusterEnvelope.DecodeRequest(body.Slice(position, length)));
            position += length;
        }

        return position == body.Length ? calls : throw new InvalidDataException("Trailing bytes after the call batch.");
    }

    public static void WriteFrameHeader(Span<byte> destination, int index, int length)
    {
        BinaryPrimitives.WriteInt32LittleEndian(destination, index);
        BinaryPrimitives.WriteInt32LittleEndian(destination[4..], length);
    }

    public static (int Index, int Length) ReadFrameHeader(ReadOnlySpan<byte> header) =>
        (BinaryPrimitives.ReadInt32LittleEndian(header), BinaryPrimitives.ReadInt32LittleEndian(header[4..]));
}
