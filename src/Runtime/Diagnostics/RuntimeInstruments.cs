using System.Collections.Concurrent;
using System.Diagnostics;
using System.Diagnostics.Metrics;
using VetrAI.Runtime.Activation;

namespace VetrAI.Runtime.Diagnostics;

/// <summary>The runtime's ActivitySource and Meter, both named "VetrAI.Runtime". Instruments are
/// created once; the call path checks whether anyone listens before measuring time or starting activities.</summary>
internal static class RuntimeInstruments
{
    public const string Name = "VetrAI.Runtime";

    private static readonly ConcurrentDictionary<ActivationCatalog, byte> _catalogs = new();

    public static ActivitySource ActivitySource { get; } = new(Name);

    public static Meter Meter { get; } = new(Name);

    public static Counter<long> Calls { get; } = Meter.CreateCounter<long>("vetrai.runtime.calls", description: "Grain calls made from this process.");

    public static Histogram<double> CallDuration { get; } =
        Meter.CreateHistogram<double>("vetrai.runtime.call.duration", unit: "s", description: "Time from a grain call to its result.");

    public static Counter<long> ActivationsCreated { get; } =
        Meter.CreateCounter<long>("vetrai.runtime.activations.created", description: "Activations created.");

    public static Counter<long> StorageConflicts { get; } =
        Meter.CreateCounter<long>("vetrai.runtime.storage.conflicts", description: "State writes rejected because another activation wrote first, or because the writing silo was declared dead.");

    public static Counter<long> BatchedRemoteCalls { get; } =
        Meter.CreateCounter<long>("vetrai.runtime.remote.batched_calls", description: "Remote calls sent together with others in one batch request.");

    public static Counter<long> MembershipChanges { get; } =
        Meter.CreateCounter<long>("vetrai.runtime.membership.changes", description: "New membership table versions seen by this process.");

    public static ObservableGauge<int> Activations { get; } =
        Meter.CreateObservableGauge("vetrai.runtime.activations", () => _catalogs.Keys.Sum(c => c.Count), description: "Live activations.");

    public static void Track(ActivationCatalog catalog) => _catalogs.TryAdd(catalog, 0);

    public static void Untrack(ActivationCatalog catalog) => _catalogs.TryRemove(catalog, out _);
}
