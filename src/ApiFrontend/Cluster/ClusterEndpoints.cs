using Microsoft.AspNetCore.Http.HttpResults;
using VetrAI.ApiFrontend.Auth;
using VetrAI.ApiFrontend.Hosting;
using VetrAI.Grains.Abstractions.Auth;

namespace VetrAI.ApiFrontend.Cluster;

/// <summary>The silo cluster as Orleans' management grain sees it, for operators.</summary>
internal static class ClusterEndpoints
{
    public static IEndpointRouteBuilder MapClusterEndpoints(this IEndpointRouteBuilder routes)
    {
        var group = routes.MapGroup("/api/v1/cluster").WithTags("Cluster");

        group.MapGet("/", GetAsync)
            .RequireRoles(Roles.SuperAdmin)
            .WithName("GetCluster")
            .WithSummary("The silos of the cluster: status, start time, last heartbeat and activation count.");

        return routes;
    }

    private static async Task<Ok<ClusterResponse>> GetAsync(IGrainFactory grainFactory, SiloHostingMode mode)
    {
        var management = grainFactory.GetGrain<IManagementGrain>(0);
        var hosts = await management.GetDetailedHosts(onlyActive: false);
        var active = hosts.Where(h => h.Status == SiloStatus.Active).Select(h => h.SiloAddress).ToArray();
        var statistics = active.Length == 0 ? [] : await management.GetRuntimeStatistics(active);
        var activations = active.Zip(statistics, (silo, stats) => (silo, stats.ActivationCount)).ToDictionary(p => p.silo, p => p.ActivationCount);
        var silos = hosts
            .OrderBy(h => h.SiloAddress.Endpoint.Address.ToString(), StringComparer.Ordinal)
            .ThenBy(h => h.SiloAddress.Endpoint.Port)
            .ThenByDescending(h => h.SiloAddress.Generation)
            .Select(h => new ClusterSiloResponse(
                h.SiloAddress.ToParsableString(),
                h.SiloAddress.Endpoint.Address.ToString(),
                h.SiloAddress.Endpoint.Port,
                h.SiloAddress.Generation,
                Status(h.Status),
                h.StartTime,
                h.IAmAliveTime,
                activations.GetValueOrDefault(h.SiloAddress)))
            .ToList();
        return TypedResults.Ok(new ClusterResponse(mode.HostsSilo ? "cohosted" : "client", active.Length, silos));
    }

    private static string Status(SiloStatus status) => status switch
    {
        SiloStatus.Created or SiloStatus.Joining => "joining",
        SiloStatus.Active => "active",
        SiloStatus.ShuttingDown or SiloStatus.Stopping => "shutting_down",
        _ => "dead",
    };
}

/// <summary>The cluster as its membership shows it. <c>mode</c> says whether this front end co-hosts a silo
/// (<c>cohosted</c>) or is a client of the silos (<c>client</c>).</summary>
internal sealed record ClusterResponse(string Mode, int ActiveSilos, IReadOnlyList<ClusterSiloResponse> Silos);

/// <summary>One silo incarnation.</summary>
internal sealed record ClusterSiloResponse(
    string Id, string Address, int Port, int Generation, string Status, DateTime StartedAt, DateTime LastHeartbeatAt, int Activations);
