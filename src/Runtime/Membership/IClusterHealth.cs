namespace VetrAI.Runtime;

/// <summary>A member's status in the membership table.</summary>
public enum SiloStatus
{
    /// <summary>Started, not taking grains yet.</summary>
    Joining,
    /// <summary>Owns grains.</summary>
    Active,
    /// <summary>Stopping: takes no new grains, persists and drops the ones it has.</summary>
    ShuttingDown,
    /// <summary>Stopped, or declared dead after missing heartbeats.</summary>
    Dead,
}

/// <summary>One silo as the membership table last showed it.</summary>
/// <param name="Address">The silo incarnation.</param>
/// <param name="Status">Its status.</param>
/// <param name="StartTime">When it joined.</param>
/// <param name="IAmAlive">Its last heartbeat.</param>
/// <param name="ActivationCount">How many activations it held at that heartbeat.</param>
public sealed record ClusterSilo(SiloAddress Address, SiloStatus Status, DateTimeOffset StartTime, DateTimeOffset IAmAlive, int ActivationCount);

/// <summary>The cluster as this process sees it: for readiness checks and the cluster listing.
/// Registered by cluster members and cluster clients.</summary>
public interface IClusterHealth
{
    /// <summary>How many silos are active in the current view; a front end is ready only while this is positive.</summary>
    int ActiveSiloCount { get; }

    /// <summary>The membership table's version of the current view.</summary>
    long Version { get; }

    /// <summary>Every silo of the current view, dead ones included until their rows expire.</summary>
    IReadOnlyList<ClusterSilo> Silos { get; }
}
