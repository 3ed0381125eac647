namespace VetrAI.Runtime.Placement;

/// <summary>Decides which silo owns a grain. A single silo owns everything; in a cluster the owner
/// is chosen by rendezvous hashing over the active silos of the current membership view.</summary>
internal interface IPlacementDirector
{
    /// <summary>The owner of <paramref name="grainId"/>, or null when it is this process's own silo.</summary>
    SiloAddress? GetOwner(GrainId grainId);
}

/// <summary>Placement for a process that is the only silo.</summary>
internal sealed class LocalPlacementDirector : IPlacementDirector
{
    public SiloAddress? GetOwner(GrainId grainId) => null;
}
