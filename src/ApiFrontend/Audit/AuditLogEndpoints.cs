using Microsoft.AspNetCore.Http.HttpResults;
using VetrAI.ApiFrontend.Auth;
using VetrAI.ApiFrontend.Paging;
using VetrAI.Grains.Abstractions.Auth;
using VetrAI.Grains.Abstractions.Errors;
using VetrAI.Grains.Abstractions.Organizations;
using VetrAI.Grains.Abstractions.ReadModels;

namespace VetrAI.ApiFrontend.Audit;

/// <summary>An organization's security events, for its admins.</summary>
internal static class AuditLogEndpoints
{
    public static IEndpointRouteBuilder MapAuditLogEndpoints(this IEndpointRouteBuilder routes)
    {
        var group = routes.MapGroup("/api/v1/audit-logs").WithTags("Audit");

        group.MapGet("/", ListAsync)
            .RequireRoles(Roles.OrgAdmin)
            .WithName("ListAuditLogs")
            .WithSummary("The caller's organization's audit log, newest first (paginated; optional action filter).");

        return routes;
    }

    private static async Task<Ok<Page<AuditLogEntryResponse>>> ListAsync(
        Caller caller,
        IGrainFactory grainFactory,
        string? limit,
        string? cursor,
        string? action,
        [Microsoft.AspNetCore.Mvc.FromQuery(Name = "organization_id")] string? organizationId)
    {
        var page = PageRequest.Parse(limit, cursor);
        var tenant = caller.ResolveOrganizationId(organizationId);
        var organization = await grainFactory.GetGrain<IOrganizationGrain>(tenant).GetAsync();
        if (organization.Deleted)
        {
            throw new NotFoundException(Caller.OrganizationNotFound);
        }

        var entries = await grainFactory.GetGrain<IListingGrain>(0).ListAuditLogAsync(
            tenant, string.IsNullOrWhiteSpace(action) ? null : action, page.ToQuery());
        return TypedResults.Ok(Page<AuditLogEntryResponse>.From(entries, AuditLogEntryResponse.From));
    }
}
