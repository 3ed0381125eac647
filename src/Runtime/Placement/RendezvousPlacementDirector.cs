using VetrAI.Runtime.Membership;

namespace VetrAI.Runtime.Placement;

/// <summary>Rendezvous (highest random weight) placement over the active silos of the current view:
/// every member with the same view picks the same owner without a directory, and a silo coming or
/// going moves only the grains it gains or loses.</summary>
internal sealed class RendezvousPlacementDirector(ClusterMembership membership, LocalSiloIdentity identity) : IPlacementDirector
{
    private PlacementTable _table = PlacementTable.Build(MembershipView.Empty);

    public SiloAddress? GetOwner(GrainId grainId)
    {
        var owner = GetOwnerIn(CurrentTable(), grainId);
        if (owner is null)
        {
            // No active silo: a silo keeps its grains to itself (starting, or the last one standing);
            // a client has nowhere to send the call.
            return identity.IsSilo ? null : throw new SiloUnavailableException($"No active silo in the cluster to call {grainId} on.");
        }

        return owner == identity.Address ? null : owner;
    }

    /// <summary>Whether this silo owns <paramref name="grainId"/> in <paramref name="view"/>: the
    /// grains it must give up when the view changes are the ones for which this is false.</summary>
    public bool IsOwnedLocally(MembershipView view, GrainId grainId)
    {
        var owner = GetOwnerIn(PlacementTable.Build(view), grainId);
        return owner is null || owner == identity.Address;
    }

    private PlacementTable CurrentTable()
    {
        var view = membership.View;
        var table = Volatile.Read(ref _table);
        if (!ReferenceEquals(table.View, view))
        {
            table = PlacementTable.Build(view);
            Volatile.Write(ref _table, table);
        }

        return table;
    }

    private static SiloAddress? GetOwnerIn(PlacementTable table, GrainId grainId)
    {
        if (table.Silos.Length == 0)
        {
            return null;
        }

        var grainHash = StableHash.Of(grainId);
        var best = 0;
        var bestWeight = StableHash.Combine(grainHash, table.Hashes[0]);
        for (var i = 1; i < table.Silos.Length; i++)
        {
            var weight = StableHash.Combine(grainHash, table.Hashes[i]);
            if (weight > bestWeight)
            {
                best = i;
                bestWeight = weight;
            }
        }

        return table.Silos[best];
    }

    private sealed record PlacementTable(MembershipView View, SiloAddress[] Silos, ulong[] Hashes)
    {
        public static PlacementTable Build(MembershipView view)
        {
            var silos = view.ActiveSilos;
            return new PlacementTable(view, silos, [.. silos.Select(s => StableHash.Of(s.ToString()))]);
        }
    }
}
