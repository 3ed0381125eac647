using Microsoft.Extensions.Options;

namespace VetrAI.Runtime.Membership;

/// <summary>Fences a cluster silo's grain-state writes by its membership row. Every write carries
/// this silo's incarnation, and the write's own statement takes a share lock on that row and
/// commits only while it is not dead. Declaring the silo dead updates the row, so it waits for
/// writes already under way, and every later write finds the row dead. The new owner therefore
/// reads every write this silo made, and none after. A silo that was frozen past the failure
/// timeout and wakes up cannot write before its heartbeat tells it to stop.</summary>
internal sealed class MembershipFence(LocalSiloIdentity identity, IOptions<ClusterOptions> options)
{
    /// <summary>The cluster whose membership table holds this silo's row.</summary>
    public string ClusterId => options.Value.ClusterId;

    /// <summary>This silo's incarnation. It is null before the silo joins, and no grain is placed
    /// here before that.</summary>
    public SiloAddress? Writer => identity.Address;

    /// <summary>Raised when a write was refused because this silo's row is dead.</summary>
    public event Action<SiloAddress>? FencedOut;

    public void ReportFencedOut(SiloAddress writer) => FencedOut?.Invoke(writer);
}
