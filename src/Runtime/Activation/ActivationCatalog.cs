using System.Collections.Concurrent;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using VetrAI.Runtime.Diagnostics;
using VetrAI.Runtime.Storage;

namespace VetrAI.Runtime.Activation;

/// <summary>The activations of this silo: at most one per grain. Lookups are lock-free; the
/// activation that wins the insert is the one that activates.</summary>
internal sealed class ActivationCatalog(
    GrainClassRegistry classes,
    IServiceProvider services,
    IGrainFactory grainFactory,
    IReminderRegistry reminders,
    GrainStorage storage,
    IOptions<SiloOptions> options,
    ILogger<ActivationCatalog> logger) : IActivationCatalog
{
    private const int ShutdownParallelism = 64;

    private readonly ConcurrentDictionary<GrainId, ActivationData> _activations = new();
    private volatile bool _stopping;

    public SiloOptions Options { get; } = options.Value;

    public IGrainFactory GrainFactory { get; } = grainFactory;

    public IReminderRegistry Reminders { get; } = reminders;

    public GrainStorage Storage { get; } = storage;

    public IServiceProvider Services { get; } = services;

    public ILogger Logger { get; } = logger;

    public int Count => _activations.Count;

    public ActivationData GetOrCreate(GrainId grainId)
    {
        if (_activations.TryGetValue(grainId, out var activation))
        {
            return activation;
        }

        if (_stopping)
        {
            throw new SiloUnavailableException($"The silo is shutting down: grain {grainId} cannot be activated here.");
        }

        var grainClass = classes.Find(grainId.Type)
            ?? throw new InvalidOperationException($"No grain class is registered for grain type '{grainId.Type}' (grain {grainId}).");
        var created = new ActivationData(grainId, grainClass, this);
        activation = _activations.GetOrAdd(grainId, created);
        if (ReferenceEquals(activation, created))
        {
            RuntimeInstruments.ActivationsCreated.Add(1);
        }

        return activation;
    }

    public void Remove(ActivationData activation) =>
        _activations.TryRemove(KeyValuePair.Create(activation.GrainId, activation));

    public Task DeactivateWhereAsync(Func<GrainId, bool> predicate, DeactivationReason reason, CancellationToken cancellationToken)
    {
        var matching = new List<ActivationData>();
        foreach (var (grainId, activation) in _activations)
        {
            if (predicate(grainId))
            {
                matching.Add(activation);
            }
        }

        return DeactivateManyAsync(matching, reason, cancellationToken);
    }

    /// <summary>Deactivates every activation idle for at least the collection age.</summary>
    public Task CollectIdleAsync()
    {
        var cutoff = Environment.TickCount64 - (long)Options.CollectionAge.TotalMilliseconds;
        var reason = new DeactivationReason(DeactivationReasonCode.ActivationIdle, "Idle longer than the collection age.");
        List<Task>? deactivations = null;
        foreach (var (_, activation) in _activations)
        {
            if (activation.LooksIdleSince(cutoff) && activation.Deactivate(reason, cutoff) is { } deactivation)
            {
                (deactivations ??= []).Add(deactivation);
            }
        }

        return deactivations is null ? Task.CompletedTask : Task.WhenAll(deactivations);
    }

    /// <summary>Stops taking activations and deactivates (so persists) every activation, a bounded
    /// number at a time. Activations made by calls that raced with the stop are caught by the next round.</summary>
    public async Task StopAsync(CancellationToken cancellationToken)
    {
        _stopping = true;
        var reason = new DeactivationReason(DeactivationReasonCode.ShuttingDown, "The silo is stopping.");
        while (!_activations.IsEmpty && !cancellationToken.IsCancellationRequested)
        {
            await DeactivateManyAsync([.. _activations.Values], reason, cancellationToken);
        }
    }

    private static Task DeactivateManyAsync(IEnumerable<ActivationData> activations, DeactivationReason reason, CancellationToken cancellationToken) =>
        Parallel.ForEachAsync(
            activations,
            new ParallelOptions { MaxDegreeOfParallelism = ShutdownParallelism, CancellationToken = cancellationToken },
            async (activation, _) => await activation.DeactivateAsync(reason));
}
