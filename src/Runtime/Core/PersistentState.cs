namespace VetrAI.Runtime;

/// <summary>A grain's durable state, stored as one JSON row in PostgreSQL with an integer version as
/// its ETag. Writes are conditional on the version read: two activations can never both win.</summary>
public interface IPersistentState<TState> where TState : class, new()
{
    /// <summary>The current state (a new <typeparamref name="TState"/> when nothing was stored).</summary>
    TState State { get; set; }

    /// <summary>The stored version, or null when no row exists.</summary>
    string? Etag { get; }

    /// <summary>Whether a stored state exists (written and not cleared).</summary>
    bool RecordExists { get; }

    /// <summary>Reads the stored state again, replacing <see cref="State"/>.</summary>
    Task ReadStateAsync(CancellationToken cancellationToken = default);

    /// <summary>Writes <see cref="State"/> if the stored version is still the one read; otherwise throws
    /// <see cref="InconsistentStateException"/> and the runtime deactivates this activation.</summary>
    Task WriteStateAsync(CancellationToken cancellationToken = default);

    /// <summary>Removes the stored state (versioned like a write) and resets <see cref="State"/>.</summary>
    Task ClearStateAsync(CancellationToken cancellationToken = default);
}

/// <summary>Implemented by a state type whose rows list queries need to find: the values are stored
/// in indexed columns beside the JSON (tenant_id, status, created_at) on every write.</summary>
public interface IIndexedState
{
    /// <summary>The values of the indexed columns for this state.</summary>
    StateIndex GetIndex();
}

/// <summary>Indexed columns of a state row.</summary>
public readonly record struct StateIndex(string? TenantId, string? Status, DateTimeOffset? CreatedAt);

/// <summary>A write found a stored version other than the one this activation read: another activation
/// (or a silo that was declared dead) wrote in between. The activation that got it is deactivated.</summary>
public sealed class InconsistentStateException : Exception
{
    /// <summary>Creates the exception.</summary>
    public InconsistentStateException(string message) : base(message) { }

    /// <summary>Creates the exception.</summary>
    public InconsistentStateException() { }

    /// <summary>Creates the exception.</summary>
    public InconsistentStateException(string message, Exception innerException) : base(message, innerException) { }
}
