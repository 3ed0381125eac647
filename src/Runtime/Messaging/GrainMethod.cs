using System.Buffers;
using System.Diagnostics;
using System.Reflection;
using System.Text.Json;
using System.Text.Json.Serialization.Metadata;
using VetrAI.Runtime.Diagnostics;
using VetrAI.Runtime.Serialization;

namespace VetrAI.Runtime.Messaging;

/// <summary>Everything the call path needs about one grain interface method, worked out once:
/// its turn kind, which arguments must be copied, where its CancellationToken goes, and the
/// compiled delegate that calls it. The generic subclass carries the typed call path.</summary>
internal abstract class GrainMethod
{
    private readonly GrainJsonOptions _json;
    private JsonTypeInfo?[]? _parameterTypeInfos;

    protected GrainMethod(GrainInterface owner, MethodInfo method, ReturnKind returnKind, GrainJsonOptions json)
    {
        Interface = owner;
        Method = method;
        ReturnKind = returnKind;
        _json = json;
        Kind = method.IsDefined(typeof(AlwaysInterleaveAttribute), inherit: false) ? TurnKind.Interleave
            : method.IsDefined(typeof(ReadOnlyAttribute), inherit: false) ? TurnKind.ReadOnly
            : TurnKind.Exclusive;
        var parameters = method.GetParameters();
        ParameterTypes = Array.ConvertAll(parameters, p => p.ParameterType);
        CancellationTokenIndex = Array.IndexOf(ParameterTypes, typeof(CancellationToken));
        var copiers = Array.ConvertAll(ParameterTypes, json.GetBoxedCopier);
        ArgumentCopiers = Array.TrueForAll(copiers, c => c is null) ? null : copiers;
        DisplayName = $"{owner.Type.Name}.{method.Name}";
    }

    public GrainInterface Interface { get; }

    public MethodInfo Method { get; }

    public string Name => Method.Name;

    /// <summary>"IFooGrain.BarAsync": precomputed so the hot path formats nothing.</summary>
    public string DisplayName { get; }

    public TurnKind Kind { get; }

    public ReturnKind ReturnKind { get; }

    public int CancellationTokenIndex { get; }

    protected Type[] ParameterTypes { get; }

    /// <summary>Per parameter, the copier, or null when the type is immutable; null when none copies.</summary>
    protected Func<object?, object?>?[]? ArgumentCopiers { get; }

    protected GrainJsonOptions Json => _json;

    /// <summary>Called by a grain reference: returns the Task/ValueTask shape the interface declares.</summary>
    public abstract object InvokeFromProxy(GrainId target, object?[] args);

    /// <summary>Runs a call that came from another silo on this silo's activation.</summary>
    public abstract Task<RemoteCallResponse> HandleRemoteAsync(RemoteCallRequest request, CancellationToken cancellationToken);

    /// <summary>A token source cancelled when the call times out (or the caller's own token is
    /// cancelled), put in place of the CancellationToken argument; null for methods without one.</summary>
    protected CallCancellation? CreateCallCancellation(object?[] args, TimeSpan timeout)
    {
        if (CancellationTokenIndex < 0)
        {
            return null;
        }

        var callerToken = args[CancellationTokenIndex] is CancellationToken token ? token : default;
        var source = new CallCancellation(callerToken, timeout);
        args[CancellationTokenIndex] = source.Token;
        return source;
    }

    /// <summary>The grain gave up because its call timed out (not because its caller cancelled):
    /// the caller learns it as a timeout, whichever of the two timers fired first.</summary>
    protected Exception TranslateFailure(Exception failure, CallCancellation? cancellation, GrainId target) =>
        failure is OperationCanceledException && cancellation is { TimedOut: true }
            ? new TimeoutException($"The call {DisplayName} to grain {target} timed out; the grain stopped at its cancelled CancellationToken.")
            : failure;

    protected byte[] SerializeArguments(object?[] args)
    {
        var typeInfos = GetParameterTypeInfos();
        var buffer = new ArrayBufferWriter<byte>(256);
        using (var writer = new Utf8JsonWriter(buffer))
        {
            writer.WriteStartArray();
            for (var i = 0; i < args.Length; i++)
            {
                if (i != CancellationTokenIndex)
                {
                    JsonSerializer.Serialize(writer, args[i], typeInfos[i]!);
                }
            }

            writer.WriteEndArray();
        }

        return buffer.WrittenSpan.ToArray();
    }

    protected object?[] DeserializeArguments(byte[] json)
    {
        var typeInfos = GetParameterTypeInfos();
        var args = new object?[ParameterTypes.Length];
        var reader = new Utf8JsonReader(json);
        if (!reader.Read() || reader.TokenType != JsonTokenType.StartArray)
        {
            throw new JsonException($"The arguments of {DisplayName} are not a JSON array.");
        }

        for (var i = 0; i < args.Length; i++)
        {
            if (i == CancellationTokenIndex)
            {
                continue;
            }

            if (!reader.Read() || reader.TokenType == JsonTokenType.EndArray)
            {
                throw new JsonException($"{DisplayName} was called with too few arguments.");
            }

            args[i] = JsonSerializer.Deserialize(ref reader, typeInfos[i]!);
        }

        if (!reader.Read() || reader.TokenType != JsonTokenType.EndArray)
        {
            throw new JsonException($"{DisplayName} was called with too many arguments.");
        }

        return args;
    }

    private JsonTypeInfo?[] GetParameterTypeInfos() =>
        _parameterTypeInfos ??= Array.ConvertAll(ParameterTypes, t => t == typeof(CancellationToken) ? null : _json.GetTypeInfo(t));

    protected static long StartTimestamp() => RuntimeInstruments.CallDuration.Enabled ? Stopwatch.GetTimestamp() : 0;

    protected static void RecordDuration(long start)
    {
        if (start != 0)
        {
            RuntimeInstruments.CallDuration.Record(Stopwatch.GetElapsedTime(start).TotalSeconds);
        }
    }
}
