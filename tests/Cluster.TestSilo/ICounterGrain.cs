using VetrAI.Runtime;

namespace VetrAI.Cluster.TestSilo;

/// <summary>A counter for the cluster tests: some increments are persisted at once, some are kept in
/// memory and persisted only when the activation is deactivated (as API-key usage counters are).</summary>
[GrainType("clustertest.counter")]
public interface ICounterGrain : IGrainWithStringKey
{
    /// <summary>Adds <paramref name="amount"/> and persists it before answering; returns the new total.</summary>
    Task<long> AddAsync(long amount);

    /// <summary>Adds <paramref name="amount"/> in memory only; it is persisted on deactivation.</summary>
    Task<long> AddInMemoryAsync(long amount);

    /// <summary>The total: persisted plus in-memory increments.</summary>
    Task<long> GetAsync();

    /// <summary>The cluster port of the silo that holds this activation.</summary>
    Task<string> GetSiloAsync();

    /// <summary>Registers a one-shot reminder that adds 1 (persisted) when it fires.</summary>
    Task RemindAsync(int dueMilliseconds);

    /// <summary>Waits, to keep a call in flight.</summary>
    Task WaitAsync(int milliseconds);

    /// <summary>Arms a grain timer that, once the file at <paramref name="markerPath"/> exists, adds
    /// <paramref name="amount"/> and persists it, then prints whether the write was accepted or
    /// refused. A frozen silo sees the file only when it resumes.</summary>
    Task WriteWhenFileAppearsAsync(string markerPath, long amount);
}
