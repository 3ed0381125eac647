using System.Buffers;
using System.Text;

namespace VetrAI.Runtime.Messaging;

/// <summary>The binary form of remote calls on the cluster port: length-prefixed UTF-8 strings and
/// byte arrays, lengths as unsigned LEB128, led by a format byte so the layout can evolve.</summary>
internal static class ClusterEnvelope
{
    public const string ContentType = "application/vnd.vetrai.call";
    private const byte Format = 1;
    private const byte NoResult = 0;
    private const byte HasResult = 1;
    private const byte HasException = 2;

    public static byte[] Encode(RemoteCallRequest request)
    {
        var writer = new ArrayBufferWriter<byte>(128 + request.Arguments.Length);
        WriteByte(writer, Format);
        WriteLength(writer, request.Hops);
        WriteLength(writer, Math.Max(0, request.TimeoutMilliseconds));
        WriteString(writer, request.Target.Type);
        WriteString(writer, request.Target.Key);
        WriteString(writer, request.Interface);
        WriteString(writer, request.Method);
        WriteBytes(writer, request.Arguments);
        return writer.WrittenSpan.ToArray();
    }

    public static RemoteCallRequest DecodeRequest(ReadOnlySpan<byte> data)
    {
        var reader = new Reader(data);
        reader.ExpectFormat();
        var hops = reader.ReadLength();
        var timeout = reader.ReadLength();
        var target = new GrainId(reader.ReadString(), reader.ReadString());
        var @interface = reader.ReadString();
        var method = reader.ReadString();
        var arguments = reader.ReadBytes();
        return new RemoteCallRequest(target, @interface, method, arguments, hops, timeout);
    }

    public static byte[] Encode(RemoteCallResponse response)
    {
        var writer = new ArrayBufferWriter<byte>(64 + (response.Result?.Length ?? 0));
        WriteByte(writer, Format);
        if (response.ExceptionType is not null)
        {
            WriteByte(writer, HasException);
            WriteString(writer, response.ExceptionType);
            WriteString(writer, response.ExceptionMessage ?? "");
        }
        else if (response.Result is not null)
        {
            WriteByte(writer, HasResult);
            WriteBytes(writer, response.Result);
        }
        else
        {
            WriteByte(writer, NoResult);
        }

        return writer.WrittenSpan.ToArray();
    }

    public static RemoteCallResponse DecodeResponse(ReadOnlySpan<byte> data)
    {
        var reader = new Reader(data);
        reader.ExpectFormat();
        return reader.ReadByte() switch
        {
            NoResult => new RemoteCallResponse(null, null, null),
            HasResult => new RemoteCallResponse(reader.ReadBytes(), null, null),
            HasException => new RemoteCallResponse(null, reader.ReadString(), reader.ReadString()),
            var kind => throw new InvalidDataException($"Unknown remote call response kind {kind}."),
        };
    }

    private static void WriteByte(ArrayBufferWriter<byte> writer, byte value)
    {
        writer.GetSpan(1)[0] = value;
        writer.Advance(1);
    }

    private static void WriteLength(ArrayBufferWriter<byte> writer, int value)
    {
        var span = writer.GetSpan(5);
        var remaining = (uint)value;
        var i = 0;
        while (remaining >= 0x80)
        {
            span[i++] = (byte)(remaining | 0x80);
            remaining >>= 7;
        }

        span[i++] = (byte)remaining;
        writer.Advance(i);
    }

    private static void WriteString(ArrayBufferWriter<byte> writer, string value)
    {
        var length = Encoding.UTF8.GetByteCount(value);
        WriteLength(writer, length);
        Encoding.UTF8.GetBytes(value, writer.GetSpan(length));
        writer.Advance(length);
    }

    private static void WriteBytes(ArrayBufferWriter<byte> writer, ReadOnlySpan<byte> value)
    {
        WriteLength(writer, value.Length);
        writer.Write(value);
    }

    private ref struct Reader(ReadOnlySpan<byte> data)
    {
        private readonly ReadOnlySpan<byte> _data = data;
        private int _position;

        public void ExpectFormat()
        {
            var format = ReadByte();
            if (format != Format)
            {
                throw new InvalidDataException($"Unsupported cluster envelope format {format}.");
            }
        }

        public byte ReadByte()
        {
            if (_position >= _data.Length)
            {
                throw new InvalidDataException("Truncated cluster envelope.");
            }

            return _data[_position++];
        }

        public int ReadLength()
        {
            uint value = 0;
            for (var shift = 0; shift < 35; shift += 7)
            {
                var b = ReadByte();
                value |= (uint)(b & 0x7F) << shift;
                if (b < 0x80)
                {
                    return value <= int.MaxValue ? (int)value : throw new InvalidDataException("Length out of range in cluster envelope.");
                }
            }

            throw new InvalidDataException("Malformed length in cluster envelope.");
        }

        public string ReadString() => Encoding.UTF8.GetString(Take(ReadLength()));

        public byte[] ReadBytes() => Take(ReadLength()).ToArray();

        private ReadOnlySpan<byte> Take(int length)
        {
            if (length > _data.Length - _position)
            {
                throw new InvalidDataException("Truncated cluster envelope.");
            }

            var slice = _data.Slice(_position, length);
            _position += length;
            return slice;
        }
    }
}
