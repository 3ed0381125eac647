using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Extensions.Options;
using VetrAI.ApiFrontend.Auth;
using VetrAI.ApiFrontend.Hosting;
using VetrAI.ApiFrontend.Paging;
using VetrAI.ApiFrontend.Validation;
using VetrAI.Grains.Abstractions.ApiKeys;
using VetrAI.Grains.Abstractions.Auth;
using VetrAI.Grains.Abstractions.Errors;
using VetrAI.Grains.Abstractions.Organizations;
using VetrAI.Grains.Abstractions.Users;

namespace VetrAI.ApiFrontend.ApiKeys;

/// <summary>The API-key area, <c>/api/v1/keys</c>: org admins create, revoke, roll and disable keys; every member
/// of the organization may list them and read their usage; validation is anonymous (the key is the credential).
/// A key id of another organization is not found in the caller's registry, so it answers 404.</summary>
internal static class ApiKeyEndpoints
{
    public static IServiceCollection AddVetrAIApiKeys(this IServiceCollection services)
        => services
            .AddSingleton<ApiKeyAuthenticator>()
            .ConfigureHttpJsonOptions(o => o.SerializerOptions.TypeInfoResolverChain.Insert(0, ApiKeysHttpJsonContext.Default));

    public static IEndpointRouteBuilder MapApiKeyEndpoints(this IEndpointRouteBuilder routes)
    {
        var group = routes.MapGroup("/api/v1/keys").WithTags("API keys");

        group.MapApiKeyValidation();

        group.MapPost("/", CreateAsync)
            .RequireRoles(Roles.OrgAdmin)
            .WithName("CreateApiKey")
            .WithSummary("Create an API key; the secret is in this answer only.");

        group.MapGet("/", ListAsync)
            .RequireCaller()
            .WithName("ListApiKeys")
            .WithSummary("The organization's keys, newest first, without secrets (paginated).");

        group.MapGet("/{id}", GetAsync)
            .RequireCaller()
            .WithName("GetApiKey")
            .WithSummary("One key with its usage totals.");

        group.MapPut("/{id}", UpdateAsync)
            .RequireRoles(Roles.OrgAdmin)
            .WithName("UpdateApiKey")
            .WithSummary("Enable or disable a key.");

        group.MapDelete("/{id}", RevokeAsync)
            .RequireRoles(Roles.OrgAdmin)
            .WithName("RevokeApiKey")
            .WithSummary("Revoke a key: the next validation on any node answers REVOKED.");

        group.MapPost("/{id}/roll", RollAsync)
            .RequireRoles(Roles.OrgAdmin)
            .WithName("RollApiKey")
            .WithSummary("Create a new key with the same settings; the old one expires after grace_seconds.");

        group.MapGet("/{id}/usage", GetUsageAsync)
            .RequireCaller()
            .WithName("GetApiKeyUsage")
            .WithSummary("Valid and rejected validations per minute, hour or day.");

        return routes;
    }

    private static async Task<Created<CreatedKeyResponse>> CreateAsync(
        CreateKeyRequest? request, Caller caller, IGrainFactory grains, IOptions<FrontendOptions> frontendOptions)
    {
        var body = RequestValidator.RequireBody(request);
        var spec = body.ToSpec();
        if (frontendOptions.Value.RequireVerifiedEmailForApiKeys
            && !(await grains.GetGrain<IUserGrain>(caller.UserId).GetAsync()).EmailVerified)
        {
            throw new ForbiddenException("Verify your email address before creating API keys (POST /api/v1/verify-email/request).");
        }

        var registry = await RegistryAsync(caller, body.OrganizationId, grains);
        var created = await registry.CreateAsync(spec, caller.Actor);
        return TypedResults.Created($"/api/v1/keys/{created.Info.Id}", CreatedKeyResponse.From(created));
    }

    private static async Task<Ok<Page<KeyResponse>>> ListAsync(
        Caller caller,
        IGrainFactory grains,
        string? limit,
        string? cursor,
        [FromQuery(Name = "organization_id")] string? organizationId)
    {
        // The registry's cursor is a key id; it is opaque to clients all the same.
        var size = PageRequest.Parse(limit, null).Limit;
        var registry = await RegistryAsync(caller, organizationId, grains);
        var page = await registry.ListAsync(size, string.IsNullOrEmpty(cursor) ? null : cursor);
        return TypedResults.Ok(new Page<KeyResponse>(page.Items.Select(KeyResponse.From).ToList(), page.NextCursor));
    }

    private static async Task<Ok<KeyResponse>> GetAsync(
        string id, Caller caller, IGrainFactory grains, [FromQuery(Name = "organization_id")] string? organizationId)
    {
        var registry = await RegistryAsync(caller, organizationId, grains);
        return TypedResults.Ok(KeyResponse.From(await registry.GetAsync(id)));
    }

    private static async Task<Ok<KeyResponse>> UpdateAsync(
        string id, UpdateKeyRequest? request, Caller caller, IGrainFactory grains, [FromQuery(Name = "organization_id")] string? organizationId)
    {
        var body = RequestValidator.RequireBody(request);
        var enabled = body.Enabled ?? throw new InvalidInputException("enabled is required.");
        var registry = await RegistryAsync(caller, organizationId, grains);
        return TypedResults.Ok(KeyResponse.From(await registry.SetEnabledAsync(id, enabled, caller.Actor)));
    }

    private static async Task<NoContent> RevokeAsync(
        string id, Caller caller, IGrainFactory grains, [FromQuery(Name = "organization_id")] string? organizationId)
    {
        var registry = await RegistryAsync(caller, organizationId, grains);
        await registry.RevokeAsync(id, caller.Actor);
        return TypedResults.NoContent();
    }

    private static async Task<Created<CreatedKeyResponse>> RollAsync(
        string id,
        [FromBody(EmptyBodyBehavior = Microsoft.AspNetCore.Mvc.ModelBinding.EmptyBodyBehavior.Allow)] RollKeyRequest? request,
        Caller caller,
        IGrainFactory grains,
        [FromQuery(Name = "organization_id")] string? organizationId)
    {
        var registry = await RegistryAsync(caller, organizationId, grains);
        var created = await registry.RollAsync(id, request?.GraceSeconds ?? 0, caller.Actor);
        return TypedResults.Created($"/api/v1/keys/{created.Info.Id}", CreatedKeyResponse.From(created));
    }

    private static async Task<Ok<UsageResponse>> GetUsageAsync(
        string id,
        Caller caller,
        IGrainFactory grains,
        TimeProvider time,
        string? from,
        string? to,
        string? granularity,
        [FromQuery(Name = "organization_id")] string? organizationId)
    {
        var query = ApiKeyQueryValues.ParseUsageQuery(from, to, granularity, time.GetUtcNow());
        var registry = await RegistryAsync(caller, organizationId, grains);
        var report = await registry.GetUsageAsync(id, query.From, query.To, query.Granularity);
        return TypedResults.Ok(UsageResponse.Of(report));
    }

    /// <summary>The registry of the organization the request acts on (the caller's own; a super admin names one),
    /// which must exist and not be deleted.</summary>
    private static async Task<IApiKeyRegistryGrain> RegistryAsync(Caller caller, string? requested, IGrainFactory grains)
    {
        var organizationId = caller.ResolveOrganizationId(requested);
        if (!await grains.GetGrain<IOrganizationGrain>(organizationId).ExistsAsync())
        {
            throw new NotFoundException(Caller.OrganizationNotFound);
        }

        return grains.GetGrain<IApiKeyRegistryGrain>(organizationId);
    }
}
