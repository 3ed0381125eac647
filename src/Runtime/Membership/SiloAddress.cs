namespace VetrAI.Runtime;

/// <summary>A silo incarnation: the endpoint its cluster port listens on and the generation it was
/// started with (a restarted silo on the same endpoint is a new silo).</summary>
public readonly record struct SiloAddress(string Host, int Port, long Generation)
{
    /// <inheritdoc/>
    public override string ToString() => $"{Host}:{Port}@{Generation}";
}
