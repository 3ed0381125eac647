using System.Collections.Frozen;
using System.Text.Json;
using VetrAI.Grains.Abstractions.Errors;

namespace VetrAI.Grains.Jobs;

/// <summary>The job handlers registered in this silo, by type.</summary>
internal sealed class JobHandlerRegistry
{
    private readonly FrozenDictionary<string, IJobHandler> _handlers;

    public JobHandlerRegistry(IEnumerable<IJobHandler> handlers)
    {
        var byType = new Dictionary<string, IJobHandler>(StringComparer.Ordinal);
        foreach (var handler in handlers)
        {
            if (!byType.TryAdd(handler.Type, handler))
            {
                throw new InvalidOperationException($"Two job handlers claim the type '{handler.Type}'.");
            }
        }

        _handlers = byType.ToFrozenDictionary(StringComparer.Ordinal);
    }

    public IReadOnlyCollection<string> Types => _handlers.Keys;

    public IJobHandler Get(string type) =>
        _handlers.TryGetValue(type, out var handler) ? handler : throw new InvalidOperationException($"No job handler for type '{type}'.");

    /// <summary>Refuses unknown types and payloads their handler rejects.</summary>
    public void Validate(string type, JsonElement payload)
    {
        if (!_handlers.TryGetValue(type, out var handler))
        {
            throw new InvalidInputException($"Unknown job type '{type}'. Known types: {string.Join(", ", _handlers.Keys.Order(StringComparer.Ordinal))}.");
        }

        if (payload.ValueKind != JsonValueKind.Object)
        {
            throw new InvalidInputException("payload must be a JSON object.");
        }

        if (handler.ValidatePayload(payload) is { } error)
        {
            throw new InvalidInputException($"Invalid payload for a {type} job: {error}");
        }
    }
}
