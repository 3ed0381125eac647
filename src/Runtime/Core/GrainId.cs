namespace VetrAI.Runtime;

/// <summary>The identity of a grain: its type name (stable, see <see cref="GrainTypeAttribute"/>) and its key.
/// Guid keys are stored in their "N" format.</summary>
public readonly record struct GrainId(string Type, string Key)
{
    /// <inheritdoc/>
    public override string ToString() => $"{Type}/{Key}";
}
