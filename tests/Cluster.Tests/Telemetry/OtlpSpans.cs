namespace VetrAI.Cluster.Tests.Telemetry;

/// <summary>One span as an OTLP exporter sent it: just what the trace-shape assertions read.</summary>
public sealed record ReceivedSpan(
    string Service, string TraceId, string SpanId, string? ParentSpanId, string Name, SpanKind Kind, IReadOnlyDictionary<string, string?> Attributes);

/// <summary>OTLP's span kinds (opentelemetry/proto/trace/v1/trace.proto).</summary>
public enum SpanKind
{
    Unspecified = 0,
    Internal = 1,
    Server = 2,
    Client = 3,
    Producer = 4,
    Consumer = 5,
}

/// <summary>Decodes an OTLP <c>ExportTraceServiceRequest</c> (protobuf) into spans. OpenTelemetry.Proto is not
/// available here, and five messages' worth of field numbers is all the test needs:
/// ExportTraceServiceRequest{1: ResourceSpans}, ResourceSpans{1: Resource, 2: ScopeSpans},
/// Resource{1: KeyValue}, KeyValue{1: key, 2: AnyValue{1: string_value}}, ScopeSpans{2: Span},
/// Span{1: trace_id, 2: span_id, 4: parent_span_id, 5: name, 6: kind, 9: KeyValue}.</summary>
public static class OtlpSpans
{
    public static List<ReceivedSpan> Decode(ReadOnlyMemory<byte> request)
    {
        var spans = new List<ReceivedSpan>();
        foreach (var (field, resourceSpans) in ProtoFields.Messages(request))
        {
            if (field != 1)
            {
                continue;
            }

            var service = "";
            var scopes = new List<ReadOnlyMemory<byte>>();
            foreach (var (inner, value) in ProtoFields.Messages(resourceSpans))
            {
                if (inner == 1)
                {
                    service = Attributes(value).GetValueOrDefault("service.name") ?? "";
                }
                else if (inner == 2)
                {
                    scopes.Add(value);
                }
            }

            foreach (var scope in scopes)
            {
                foreach (var (inner, span) in ProtoFields.Messages(scope))
                {
                    if (inner == 2)
                    {
                        spans.Add(Span(service, span));
                    }
                }
            }
        }

        return spans;
    }

    private static ReceivedSpan Span(string service, ReadOnlyMemory<byte> span)
    {
        string traceId = "", spanId = "", name = "";
        string? parent = null;
        var kind = SpanKind.Unspecified;
        var attributes = new Dictionary<string, string?>(StringComparer.Ordinal);
        var reader = new ProtoFields(span);
        while (reader.Next() is { } field)
        {
            switch (field.Number)
            {
                case 1: traceId = Convert.ToHexStringLower(field.Bytes.Span); break;
                case 2: spanId = Convert.ToHexStringLower(field.Bytes.Span); break;
                case 4 when field.Bytes.Length > 0: parent = Convert.ToHexStringLower(field.Bytes.Span); break;
                case 5: name = System.Text.Encoding.UTF8.GetString(field.Bytes.Span); break;
                case 6: kind = (SpanKind)field.Varint; break;
                case 9:
                    var (key, value) = KeyValue(field.Bytes);
                    attributes[key] = value;
                    break;
                default: break;
            }
        }

        return new ReceivedSpan(service, traceId, spanId, parent, name, kind, attributes);
    }

    /// <summary>The string-valued attributes of a Resource (field 1: repeated KeyValue).</summary>
    private static Dictionary<string, string?> Attributes(ReadOnlyMemory<byte> resource)
    {
        var attributes = new Dictionary<string, string?>(StringComparer.Ordinal);
        foreach (var (field, keyValue) in ProtoFields.Messages(resource))
        {
            if (field == 1)
            {
                var (key, value) = KeyValue(keyValue);
                attributes[key] = value;
            }
        }

        return attributes;
    }

    private static (string Key, string? Value) KeyValue(ReadOnlyMemory<byte> keyValue)
    {
        string key = "";
        string? value = null;
        foreach (var (field, bytes) in ProtoFields.Messages(keyValue))
        {
            if (field == 1)
            {
                key = System.Text.Encoding.UTF8.GetString(bytes.Span);
            }
            else if (field == 2)
            {
                foreach (var (anyField, anyBytes) in ProtoFields.Messages(bytes))
                {
                    if (anyField == 1)
                    {
                        value = System.Text.Encoding.UTF8.GetString(anyBytes.Span);
                    }
                }
            }
        }

        return (key, value);
    }
}

/// <summary>A protobuf wire-format reader: field number and wire type per tag; varints, fixed 32/64-bit values
/// and length-delimited bytes (sub-messages, strings, bytes).</summary>
public sealed class ProtoFields(ReadOnlyMemory<byte> message)
{
    private int _position;

    public readonly record struct Field(int Number, int WireType, ulong Varint, ReadOnlyMemory<byte> Bytes);

    /// <summary>The length-delimited fields of <paramref name="message"/> (others skipped).</summary>
    public static IEnumerable<(int Number, ReadOnlyMemory<byte> Bytes)> Messages(ReadOnlyMemory<byte> message)
    {
        var reader = new ProtoFields(message);
        while (reader.Next() is { } field)
        {
            if (field.WireType == 2)
            {
                yield return (field.Number, field.Bytes);
            }
        }
    }

    public Field? Next()
    {
        if (_position >= message.Length)
        {
            return null;
        }

        var tag = ReadVarint();
        var number = (int)(tag >> 3);
        var wireType = (int)(tag & 7);
        switch (wireType)
        {
            case 0:
                return new Field(number, wireType, ReadVarint(), default);
            case 1:
                return new Field(number, wireType, 0, Take(8));
            case 2:
                return new Field(number, wireType, 0, Take(checked((int)ReadVarint())));
            case 5:
                return new Field(number, wireType, 0, Take(4));
            default:
                throw new FormatException($"Unsupported protobuf wire type {wireType} (field {number}).");
        }
    }

    private ReadOnlyMemory<byte> Take(int length)
    {
        if (length < 0 || _position + length > message.Length)
        {
            throw new FormatException("A protobuf field runs past the end of its message.");
        }

        var bytes = message.Slice(_position, length);
        _position += length;
        return bytes;
    }

    private ulong ReadVarint()
    {
        ulong value = 0;
        for (var shift = 0; shift < 64; shift += 7)
        {
            if (_position >= message.Length)
            {
                throw new FormatException("A protobuf varint runs past the end of its message.");
            }

            var b = message.Span[_position++];
            value |= (ulong)(b & 0x7F) << shift;
            if ((b & 0x80) == 0)
            {
                return value;
            }
        }

        throw new FormatException("A protobuf varint is longer than 10 bytes.");
    }
}
