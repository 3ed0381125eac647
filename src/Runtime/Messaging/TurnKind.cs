namespace VetrAI.Runtime.Messaging;

/// <summary>How a turn may interleave with the others of its activation.</summary>
internal enum TurnKind : byte
{
    /// <summary>Runs alone (the default for calls and timer ticks).</summary>
    Exclusive,

    /// <summary>A [ReadOnly] method: interleaves with other read-only turns only.</summary>
    ReadOnly,

    /// <summary>An [AlwaysInterleave] method, or any turn of a [Reentrant] grain.</summary>
    Interleave,
}

/// <summary>The shape of a grain method's return type.</summary>
internal enum ReturnKind : byte
{
    Task,
    TaskOfT,
    ValueTask,
    ValueTaskOfT,
}
