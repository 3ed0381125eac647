using System.Globalization;
using System.Text.Json;
using System.Text.Json.Serialization.Metadata;
using VetrAI.Runtime.Activation;
using VetrAI.Runtime.Serialization;

namespace VetrAI.Runtime.Storage;

/// <summary>A persistent state as the activation sees it: read once before OnActivateAsync.</summary>
internal interface IStateHolder
{
    Task ReadAsync(CancellationToken cancellationToken);
}

/// <summary>One [PersistentState] parameter of a grain class, resolved once per class.</summary>
internal interface IStateDescriptor
{
    string Name { get; }

    IStateHolder Create(ActivationData activation, GrainStorage storage);
}

internal sealed class StateDescriptor<TState>(string name, GrainJsonOptions json) : IStateDescriptor where TState : class, new()
{
    public string Name { get; } = name;

    public JsonTypeInfo<TState> TypeInfo { get; } = json.GetTypeInfo<TState>();

    public IStateHolder Create(ActivationData activation, GrainStorage storage) => new PersistentState<TState>(this, activation, storage);
}

/// <summary><see cref="IPersistentState{TState}"/> over the grain_state table. The version read is the
/// ETag every write is conditional on.</summary>
internal sealed class PersistentState<TState>(StateDescriptor<TState> descriptor, ActivationData activation, GrainStorage storage)
    : IPersistentState<TState>, IStateHolder where TState : class, new()
{
    private long? _version;

    public TState State { get; set; } = new();

    public string? Etag => _version?.ToString(CultureInfo.InvariantCulture);

    public bool RecordExists { get; private set; }

    public Task ReadAsync(CancellationToken cancellationToken) => ReadStateAsync(cancellationToken);

    public async Task ReadStateAsync(CancellationToken cancellationToken = default)
    {
        var row = await storage.ReadAsync(activation.GrainId, descriptor.Name, cancellationToken);
        _version = row?.Version;
        if (row?.Json is { } json)
        {
            State = JsonSerializer.Deserialize(json, descriptor.TypeInfo) ?? new TState();
            RecordExists = true;
        }
        else
        {
            State = new TState();
            RecordExists = false;
        }
    }

    public async Task WriteStateAsync(CancellationToken cancellationToken = default)
    {
        var state = State;
        var json = JsonSerializer.Serialize(state, descriptor.TypeInfo);
        var index = state is IIndexedState indexed ? indexed.GetIndex() : default;
        try
        {
            _version = await storage.WriteAsync(activation.GrainId, descriptor.Name, _version, json, index, cancellationToken);
            RecordExists = true;
        }
        catch (InconsistentStateException)
        {
            activation.OnStorageConflict();
            throw;
        }
    }

    public async Task ClearStateAsync(CancellationToken cancellationToken = default)
    {
        try
        {
            _version = await storage.ClearAsync(activation.GrainId, descriptor.Name, _version, cancellationToken);
        }
        catch (InconsistentStateException)
        {
            activation.OnStorageConflict();
            throw;
        }

        State = new TState();
        RecordExists = false;
    }
}
