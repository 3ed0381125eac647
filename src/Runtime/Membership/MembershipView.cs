namespace VetrAI.Runtime.Membership;

/// <summary>An immutable snapshot of the membership table: what placement hashes over.</summary>
internal sealed class MembershipView
{
    public static readonly MembershipView Empty = new(-1, []);

    public MembershipView(long version, IReadOnlyList<ClusterSilo> silos)
    {
        Version = version;
        Silos = silos;
        ActiveSilos = [.. silos.Where(s => s.Status == SiloStatus.Active).Select(s => s.Address)
            .OrderBy(a => a.Host, StringComparer.Ordinal).ThenBy(a => a.Port).ThenBy(a => a.Generation)];
    }

    public long Version { get; }

    public IReadOnlyList<ClusterSilo> Silos { get; }

    /// <summary>Active silos in a stable order, so that equal views place grains identically.</summary>
    public SiloAddress[] ActiveSilos { get; }

    public ClusterSilo? Find(SiloAddress address) => Silos.FirstOrDefault(s => s.Address == address);
}
