using Microsoft.AspNetCore.Http.HttpResults;
using VetrAI.ApiFrontend.Auth;
using VetrAI.ApiFrontend.Paging;
using VetrAI.ApiFrontend.Validation;
using VetrAI.Grains.Abstractions.Auth;
using VetrAI.Grains.Abstractions.Errors;
using VetrAI.Grains.Abstractions.Organizations;
using VetrAI.Grains.Abstractions.Users;
using VetrAI.Grains.Abstractions.ReadModels;

namespace VetrAI.ApiFrontend.Users;

/// <summary>Organization administration of users: org admins manage the users of their own organization.</summary>
internal static class UsersEndpoints
{
    private const string UserNotFound = "User not found.";
    private static readonly string[] _statuses = ["active", "inactive", "invited"];

    public static IEndpointRouteBuilder MapUsersEndpoints(this IEndpointRouteBuilder routes)
    {
        var group = routes.MapGroup("/api/v1/users").WithTags("Users").RequireRoles(Roles.OrgAdmin);

        group.MapGet("/", ListAsync)
            .WithName("ListUsers")
            .WithSummary("Users of the caller's organization, newest first (paginated; optional status filter).");

        group.MapPost("/", CreateAsync)
            .WithName("CreateUser")
            .WithSummary("Create a user: with a password they can sign in at once, without one they are invited by email.");

        group.MapGet("/{id}", GetAsync)
            .WithName("GetUser")
            .WithSummary("One user of the caller's organization.");

        group.MapPut("/{id}", UpdateAsync)
            .WithName("UpdateUser")
            .WithSummary("Change roles, name, or deactivate/reactivate; deactivation stops the user's tokens at once.");

        group.MapDelete("/{id}", DeleteAsync)
            .WithName("DeleteUser")
            .WithSummary("Delete a user of the caller's organization.");

        return routes;
    }

    private static async Task<Ok<Page<UserResponse>>> ListAsync(
        Caller caller,
        IGrainFactory grainFactory,
        string? limit,
        string? cursor,
        string? status,
        [Microsoft.AspNetCore.Mvc.FromQuery(Name = "organization_id")] string? organizationId)
    {
        var page = PageRequest.Parse(limit, cursor);
        if (status is not null && !_statuses.Contains(status, StringComparer.Ordinal))
        {
            throw new InvalidInputException($"status must be one of: {string.Join(", ", _statuses)}.");
        }

        var tenant = await ResolveLiveOrganizationAsync(caller, organizationId, grainFactory);
        var users = await grainFactory.GetGrain<IListingGrain>(0).ListUsersAsync(tenant, status, page.ToQuery());
        return TypedResults.Ok(Page<UserResponse>.From(users, UserResponse.From));
    }

    private static async Task<Created<UserResponse>> CreateAsync(
        CreateUserRequest? request, Caller caller, IGrainFactory grainFactory, UserAdministration administration, CancellationToken cancellationToken)
    {
        var input = RequestValidator.RequireBody(request).Validate();
        var tenant = await ResolveLiveOrganizationAsync(caller, input.OrganizationId, grainFactory);
        var user = await administration.CreateAsync(input, tenant, caller.Actor, cancellationToken);
        return TypedResults.Created($"/api/v1/users/{user.Id}", UserResponse.From(user));
    }

    private static async Task<Ok<UserResponse>> GetAsync(string id, Caller caller, IGrainFactory grainFactory)
        => TypedResults.Ok(UserResponse.From(await LoadVisibleAsync(id, caller, grainFactory)));

    private static async Task<Ok<UserResponse>> UpdateAsync(string id, UpdateUserRequest? request, Caller caller, IGrainFactory grainFactory)
    {
        var input = RequestValidator.RequireBody(request).Validate();
        await LoadVisibleAsync(id, caller, grainFactory);
        if (id == caller.UserId
            && (input.Active == false || input.Roles is { } roles && caller.HasRole(Roles.OrgAdmin) && !roles.Contains(Roles.OrgAdmin)))
        {
            throw new ConflictException("You cannot deactivate yourself or remove your own org_admin role; ask another org admin.");
        }

        var updated = await grainFactory.GetGrain<IUserGrain>(id)
            .UpdateAsync(new UpdateUserCommand(input.Roles, input.Active, input.FullName, caller.Actor));
        return TypedResults.Ok(UserResponse.From(updated));
    }

    private static async Task<NoContent> DeleteAsync(string id, Caller caller, IGrainFactory grainFactory, UserAdministration administration)
    {
        await LoadVisibleAsync(id, caller, grainFactory);
        if (id == caller.UserId)
        {
            throw new ConflictException("You cannot delete yourself; ask another org admin.");
        }

        await administration.DeleteAsync(id, caller.Actor);
        return TypedResults.NoContent();
    }

    /// <summary>The organization the request acts on (the caller's own; a super admin names one), which must exist.</summary>
    private static async Task<string> ResolveLiveOrganizationAsync(Caller caller, string? requested, IGrainFactory grainFactory)
    {
        var organizationId = caller.ResolveOrganizationId(requested);
        var organization = await grainFactory.GetGrain<IOrganizationGrain>(organizationId).GetAsync();
        return organization.Deleted ? throw new NotFoundException(Caller.OrganizationNotFound) : organizationId;
    }

    /// <summary>The user if they belong to an organization the caller may see; 404 otherwise (never "forbidden").</summary>
    private static async Task<UserInfo> LoadVisibleAsync(string id, Caller caller, IGrainFactory grainFactory)
    {
        var user = await grainFactory.GetGrain<IUserGrain>(id).GetAsync();
        caller.EnsureCanAccessOrganization(user.OrganizationId, UserNotFound);
        return user;
    }

    /// <summary>A user deleted between the index read and this call is simply left out of the page.</summary>
    private static async Task<UserInfo?> TryGetAsync(IUserGrain user)
    {
        try
        {
            return await user.GetAsync();
        }
        catch (NotFoundException)
        {
            return null;
        }
    }
}
