namespace VetrAI.Runtime;

/// <summary>Why an activation is being deactivated.</summary>
public enum DeactivationReasonCode
{
    /// <summary>No reason given.</summary>
    None,
    /// <summary>The grain called <see cref="Grain"/>.DeactivateOnIdle.</summary>
    ApplicationRequested,
    /// <summary>Idle longer than the collection age.</summary>
    ActivationIdle,
    /// <summary>The silo is stopping.</summary>
    ShuttingDown,
    /// <summary>Another silo owns the grain now (membership changed).</summary>
    OwnershipChanged,
    /// <summary>The activation failed (a stale write, a failed activation).</summary>
    InternalFailure,
}

/// <summary>Why an activation is being deactivated, with a description for logs.</summary>
public readonly record struct DeactivationReason(DeactivationReasonCode Code, string Description);
