using Microsoft.AspNetCore.Http.HttpResults;
using VetrAI.ApiFrontend.Auth;
using VetrAI.ApiFrontend.Paging;
using VetrAI.ApiFrontend.Validation;
using VetrAI.Grains.Abstractions.Auth;
using VetrAI.Grains.Abstractions.Errors;
using VetrAI.Grains.Abstractions.Organizations;
using VetrAI.Grains.Abstractions.Users;
using VetrAI.Grains.Abstractions.ReadModels;

namespace VetrAI.ApiFrontend.Organizations;

/// <summary>Organizations (tenants). Members see their own; a super admin sees and manages all.</summary>
internal static class OrganizationsEndpoints
{
    public static IEndpointRouteBuilder MapOrganizationsEndpoints(this IEndpointRouteBuilder routes)
    {
        var group = routes.MapGroup("/api/v1/organizations").WithTags("Organizations");

        group.MapPost("/", CreateAsync)
            .RequireCaller()
            .WithName("CreateOrganization")
            .WithSummary("Create an organization. A user without one becomes its org_admin; only a super admin may pick a paid plan.");

        group.MapGet("/", ListAsync)
            .RequireCaller()
            .WithName("ListOrganizations")
            .WithSummary("The caller's organization; every organization for a super admin (paginated).");

        group.MapGet("/{id}", GetAsync)
            .RequireCaller()
            .WithName("GetOrganization")
            .WithSummary("One organization (404 unless it is the caller's).");

        group.MapPut("/{id}", UpdateAsync)
            .RequireRoles(Roles.OrgAdmin)
            .WithName("UpdateOrganization")
            .WithSummary("Change name or slug; plan and limit overrides only by a super admin.");

        group.MapDelete("/{id}", DeleteAsync)
            .RequireRoles(Roles.OrgAdmin)
            .WithName("DeleteOrganization")
            .WithSummary("Delete the organization: its API keys are revoked and its users deactivated.");

        return routes;
    }

    private static async Task<Created<OrganizationResponse>> CreateAsync(
        CreateOrganizationRequest? request, Caller caller, OrganizationCreation creation, IGrainFactory grainFactory)
    {
        var (name, slug, plan) = RequestValidator.RequireBody(request).Validate();
        if (!caller.IsSuperAdmin)
        {
            if (plan != OrganizationPlans.Free)
            {
                throw new ForbiddenException($"Only a super admin can create an organization on a plan other than '{OrganizationPlans.Free}'.");
            }

            if (caller.OrganizationId is not null)
            {
                throw new ConflictException("You already belong to an organization.");
            }
        }

        var organization = await creation.CreateAsync(name, slug, plan, caller.Actor);
        if (!caller.IsSuperAdmin)
        {
            var grain = grainFactory.GetGrain<IOrganizationGrain>(organization.Id);
            try
            {
                await grain.AddMemberAsync(caller.UserId);
                await grainFactory.GetGrain<IUserGrain>(caller.UserId)
                    .JoinOrganizationAsync(new JoinOrganizationCommand(organization.Id, [Roles.OrgAdmin], caller.Actor));
            }
            catch
            {
                await grain.DeleteAsync(caller.Actor);
                throw;
            }
        }

        return TypedResults.Created($"/api/v1/organizations/{organization.Id}", OrganizationResponse.From(organization));
    }

    private static async Task<Ok<Page<OrganizationResponse>>> ListAsync(
        Caller caller, IGrainFactory grainFactory, string? limit, string? cursor)
    {
        var page = PageRequest.Parse(limit, cursor);
        if (!caller.IsSuperAdmin)
        {
            var own = caller.OrganizationId is null
                ? null
                : await grainFactory.GetGrain<IOrganizationGrain>(caller.OrganizationId).GetAsync();
            IReadOnlyList<OrganizationResponse> items = own is { Deleted: false } ? [OrganizationResponse.From(own)] : [];
            return TypedResults.Ok(new Page<OrganizationResponse>(items, null));
        }

        var organizations = await grainFactory.GetGrain<IListingGrain>(0).ListOrganizationsAsync(page.ToQuery());
        return TypedResults.Ok(Page<OrganizationResponse>.From(organizations, OrganizationResponse.From));
    }

    private static async Task<Ok<OrganizationResponse>> GetAsync(string id, Caller caller, IGrainFactory grainFactory)
        => TypedResults.Ok(OrganizationResponse.From(await LoadVisibleAsync(id, caller, grainFactory)));

    private static async Task<Ok<OrganizationResponse>> UpdateAsync(
        string id, UpdateOrganizationRequest? request, Caller caller, IGrainFactory grainFactory)
    {
        var input = RequestValidator.RequireBody(request).Validate();
        await LoadVisibleAsync(id, caller, grainFactory);
        if (!caller.IsSuperAdmin && (input.Plan is not null || input.Limits is not null))
        {
            throw new ForbiddenException("Only a super admin can change an organization's plan or limits.");
        }

        var overrides = input.Limits is { } l
            ? new OrganizationLimitOverrides(l.RateLimitPerMinute, l.MonthlyRequests, l.MaxKeys, l.MaxUsers)
            : null;
        var updated = await grainFactory.GetGrain<IOrganizationGrain>(id)
            .UpdateAsync(new UpdateOrganizationCommand(input.Name, input.Slug, input.Plan, overrides, caller.Actor));
        return TypedResults.Ok(OrganizationResponse.From(updated));
    }

    private static async Task<NoContent> DeleteAsync(string id, Caller caller, IGrainFactory grainFactory)
    {
        await LoadVisibleAsync(id, caller, grainFactory);
        await grainFactory.GetGrain<IOrganizationGrain>(id).DeleteAsync(caller.Actor);
        return TypedResults.NoContent();
    }

    /// <summary>The organization if the caller may see it; 404 for another tenant's, a deleted or an unknown one alike.</summary>
    private static async Task<OrganizationInfo> LoadVisibleAsync(string id, Caller caller, IGrainFactory grainFactory)
    {
        caller.EnsureCanAccessOrganization(id);
        var organization = await grainFactory.GetGrain<IOrganizationGrain>(id).GetAsync();
        return organization.Deleted ? throw new NotFoundException(Caller.OrganizationNotFound) : organization;
    }
}
