namespace VetrAI.Runtime.Activation;

/// <summary>The activations this silo holds, as the rest of the runtime sees them.</summary>
internal interface IActivationCatalog
{
    /// <summary>How many activations are live now.</summary>
    int Count { get; }

    /// <summary>Deactivates (and so persists) every activation whose grain matches, e.g. the grains
    /// this silo no longer owns after a membership change.</summary>
    Task DeactivateWhereAsync(Func<GrainId, bool> predicate, DeactivationReason reason, CancellationToken cancellationToken);
}
