using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc;
using VetrAI.ApiFrontend.Auth;
using VetrAI.Grains.Abstractions.Auth;
using VetrAI.Runtime;

namespace VetrAI.ApiFrontend.Cluster;

/// <summary>The silo cluster as this front end sees it, for operators.</summary>
internal static class ClusterEndpoints
{
    public static IEndpointRouteBuilder MapClusterEndpoints(this IEndpointRouteBuilder routes)
    {
        var group = routes.MapGroup("/api/v1/cluster").WithTags("Cluster");

        group.MapGet("/", Get)
            .RequireRoles(Roles.SuperAdmin)
            .WithName("GetCluster")
            .WithSummary("The silos of the cluster: status, start time, last heartbeat and activation count.");

        return routes;
    }

    private static Ok<ClusterResponse> Get([FromServices] IClusterHealth? cluster)
    {
        if (cluster is null)
        {
            // One process hosting the only silo: there is no membership table to show.
            return TypedResults.Ok(new ClusterResponse("local", 0, 1, []));
        }

        var silos = cluster.Silos
            .OrderBy(s => s.Address.Host, StringComparer.Ordinal).ThenBy(s => s.Address.Port).ThenByDescending(s => s.Address.Generation)
            .Select(s => new ClusterSiloResponse(
                s.Address.ToString(), s.Address.Host, s.Address.Port, s.Address.Generation, Status(s.Status), s.StartTime, s.IAmAlive, s.ActivationCount))
            .ToList();
        return TypedResults.Ok(new ClusterResponse("cluster", cluster.Version, cluster.ActiveSiloCount, silos));
    }

    private static string Status(SiloStatus status) => status switch
    {
        SiloStatus.Joining => "joining",
        SiloStatus.Active => "active",
        SiloStatus.ShuttingDown => "shutting_down",
        _ => "dead",
    };
}

/// <summary>The cluster as the membership table shows it. <c>mode</c> is <c>local</c> when this process
/// hosts the only silo and no cluster.</summary>
internal sealed record ClusterResponse(string Mode, long Version, int ActiveSilos, IReadOnlyList<ClusterSiloResponse> Silos);

/// <summary>One silo incarnation.</summary>
internal sealed record ClusterSiloResponse(
    string Id, string Address, int Port, long Generation, string Status, DateTimeOffset StartedAt, DateTimeOffset LastHeartbeatAt, int Activations);
