using Microsoft.Extensions.Logging.Abstractions;
using Npgsql;
using VetrAI.Runtime.Membership;

namespace VetrAI.Runtime.Tests.Cluster;

/// <summary>A membership whose view a test sets; its table points nowhere and is never read.</summary>
internal static class TestMembership
{
    public static ClusterMembership Create(MembershipView view)
    {
        var table = new MembershipTable(NpgsqlDataSource.Create("Host=127.0.0.1;Port=1"), "test");
        var membership = new ClusterMembership(table, NullLogger<ClusterMembership>.Instance);
        membership.Update(view);
        return membership;
    }
}
