namespace VetrAI.Runtime.Activation;

/// <summary>The life of an activation; it only moves forward.</summary>
internal enum ActivationStatus : byte
{
    /// <summary>Reading state and running OnActivateAsync; calls wait in the mailbox.</summary>
    Activating,

    /// <summary>Serving calls.</summary>
    Valid,

    /// <summary>Waiting for running turns, then OnDeactivateAsync; new calls wait and then go to the next activation.</summary>
    Deactivating,

    /// <summary>Gone from the catalog; a caller still holding it looks the grain up again.</summary>
    Invalid,
}
