namespace VetrAI.Runtime.Membership;

/// <summary>Who this process is in the cluster: a silo (with its address once it joined) or a client.</summary>
internal sealed class LocalSiloIdentity(bool isSilo)
{
    // Boxed so that readers on other threads never see a half-written struct.
    private Box? _address;

    public bool IsSilo { get; } = isSilo;

    /// <summary>This silo's incarnation, set when it joined; null before that and in a client.</summary>
    public SiloAddress? Address
    {
        get => Volatile.Read(ref _address)?.Value;
        set => Volatile.Write(ref _address, value is { } address ? new Box(address) : null);
    }

    private sealed record Box(SiloAddress Value);
}
