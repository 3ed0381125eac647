namespace VetrAI.Cluster.TestSilo;

/// <summary>A counter for the cluster tests: some increments are persisted before the call returns, some are kept
/// in memory and persisted only when the activation is deactivated (as API-key usage counters are).</summary>
[Alias("clustertest.counter")]
public interface ICounterGrain : IGrainWithStringKey
{
    /// <summary>Adds <paramref name="amount"/> and persists it before answering; returns the new total. When the
    /// write fails the call fails and the activation keeps its previous total.</summary>
    Task<long> AddAsync(long amount);

    /// <summary>Adds <paramref name="amount"/> in memory only; it is persisted when the activation deactivates.</summary>
    Task<long> AddInMemoryAsync(long amount);

    /// <summary>The total: persisted plus in-memory increments.</summary>
    Task<long> GetAsync();

    /// <summary>The silo port of the silo that holds this activation.</summary>
    Task<int> GetSiloPortAsync();

    /// <summary>Registers a reminder that fires once, after <paramref name="dueTime"/>: it adds 1 (persisted) and
    /// unregisters itself.</summary>
    Task RemindOnceAsync(TimeSpan dueTime);
}
