using System.Text.Json;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc;
using VetrAI.ApiFrontend.Auth;
using VetrAI.ApiFrontend.Paging;
using VetrAI.ApiFrontend.Validation;
using VetrAI.Grains.Abstractions.Auth;
using VetrAI.Grains.Abstractions.Errors;
using VetrAI.Grains.Abstractions.Jobs;
using VetrAI.Grains.Abstractions.Organizations;
using VetrAI.Grains.Abstractions.Privacy;
using VetrAI.Grains.Abstractions.ReadModels;

namespace VetrAI.ApiFrontend.Jobs;

/// <summary>Background jobs of the caller's organization. Org admins only: a job acts for the whole
/// organization (webhooks reach out of the platform, reports read all of its usage).</summary>
internal static class JobsEndpoints
{
    private static readonly string[] _statuses = ["queued", "running", "succeeded", "failed", "cancelled"];

    public static IEndpointRouteBuilder MapJobsEndpoints(this IEndpointRouteBuilder routes)
    {
        var group = routes.MapGroup("/api/v1/jobs").WithTags("Jobs").RequireRoles(Roles.OrgAdmin);

        group.MapPost("/", CreateAsync).WithName("CreateJob")
            .WithSummary("Queue a job of a registered type (webhook, usage_report); 400 for an unknown type or invalid payload.");
        group.MapGet("/", ListAsync).WithName("ListJobs").WithSummary("The organization's jobs, newest first (filter: status; paginated).");
        group.MapGet("/{id}", GetAsync).WithName("GetJob").WithSummary("One job: status, attempts, progress, result or error.");
        group.MapDelete("/{id}", CancelAsync).WithName("CancelJob")
            .WithSummary("Cancel: a queued job never starts, a running one is asked to stop; it ends cancelled.");
        return routes;
    }

    private static async Task<Accepted<JobView>> CreateAsync(
        CreateJobRequest? request, Caller caller, IGrainFactory grains, [FromQuery(Name = "organization_id")] string? organizationId)
    {
        var input = RequestValidator.RequireBody(request).Validate();
        if (input.Type == PersonalData.ExportJobType)
        {
            // It acts for one user, not for the organization: only POST /api/v1/me/export starts it.
            throw new InvalidInputException($"'{PersonalData.ExportJobType}' jobs are started by POST /api/v1/me/export.");
        }

        var organization = caller.ResolveOrganizationId(organizationId);
        var info = await grains.GetGrain<IOrganizationGrain>(organization).GetAsync();
        if (info.Deleted)
        {
            throw new NotFoundException(Caller.OrganizationNotFound);
        }

        var id = Guid.CreateVersion7().ToString("N");
        var job = await grains.GetGrain<IJobGrain>(id).CreateAsync(new CreateJobCommand(
            organization, caller.UserId, input.Type!, input.Payload!.Value, input.MaxAttempts, input.TimeoutSeconds, input.RunAt, info.Plan));
        return TypedResults.Accepted($"/api/v1/jobs/{id}", job);
    }

    private static async Task<Ok<Page<JobView>>> ListAsync(
        Caller caller,
        IGrainFactory grains,
        string? status,
        string? limit,
        string? cursor,
        [FromQuery(Name = "organization_id")] string? organizationId)
    {
        var page = PageRequest.Parse(limit, cursor);
        if (status is not null && !_statuses.Contains(status, StringComparer.Ordinal))
        {
            throw new InvalidInputException($"status must be one of: {string.Join(", ", _statuses)}.");
        }

        var organization = caller.ResolveOrganizationId(organizationId);
        var jobs = await grains.GetGrain<IListingGrain>(0).ListJobsAsync(organization, status, page.ToQuery());
        return TypedResults.Ok(Page<JobView>.From(jobs, job => job));
    }

    private static async Task<Ok<JobView>> GetAsync(string id, Caller caller, IGrainFactory grains, [FromQuery(Name = "organization_id")] string? organizationId) =>
        TypedResults.Ok(await grains.GetGrain<IJobGrain>(id).GetAsync(caller.ResolveOrganizationId(organizationId)));

    private static async Task<Accepted<JobView>> CancelAsync(string id, Caller caller, IGrainFactory grains, [FromQuery(Name = "organization_id")] string? organizationId)
    {
        var job = await grains.GetGrain<IJobGrain>(id).CancelAsync(caller.ResolveOrganizationId(organizationId));
        return TypedResults.Accepted($"/api/v1/jobs/{id}", job);
    }

    private static async Task<JobView?> TryGetAsync(IJobGrain job, string organizationId)
    {
        try
        {
            return await job.GetAsync(organizationId);
        }
        catch (NotFoundException)
        {
            return null;
        }
    }
}

/// <summary><c>POST /jobs</c>.</summary>
public sealed record CreateJobRequest(string? Type, JsonElement? Payload, int? MaxAttempts, int? TimeoutSeconds, DateTimeOffset? RunAt)
{
    public CreateJobRequest Validate()
    {
        var v = new RequestValidator();
        v.Required(Type, "type");
        v.Check(Payload is { ValueKind: JsonValueKind.Object }, "payload must be a JSON object.");
        v.ThrowIfInvalid();
        return this with { Type = Type!.Trim() };
    }
}
