using System.Text.Json;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc;
using VetrAI.ApiFrontend.Auth;
using VetrAI.ApiFrontend.OpenApi;
using VetrAI.ApiFrontend.Validation;
using VetrAI.Grains.Abstractions.Errors;
using VetrAI.Grains.Abstractions.Jobs;
using VetrAI.Grains.Abstractions.Privacy;
using VetrAI.Grains.Abstractions.Users;
using VetrAI.Grains.ObjectStorage;

namespace VetrAI.ApiFrontend.Privacy;

/// <summary>The caller's GDPR rights over their own account: a data export (a job, its archive downloadable by
/// the caller only, for a limited time) and the erasure of the account.</summary>
internal static class PrivacyEndpoints
{
    private const string ExportNotFound = "Export not found.";
    private const int ExportMaxAttempts = 3;

    public static IEndpointRouteBuilder MapPrivacyEndpoints(this IEndpointRouteBuilder routes)
    {
        var group = routes.MapGroup("/api/v1/me").WithTags("Auth").RequireCaller();

        group.MapPost("/export", StartExportAsync)
            .WithName("ExportMyData")
            .WithSummary("Start an export of everything VetrAI holds about the caller: a job whose result links to a JSON archive.");

        group.MapGet("/export/{jobId}", GetExportAsync)
            .WithName("GetMyDataExport")
            .WithSummary("The caller's export job: status, progress, and when it succeeded its download_url and expires_at.");

        group.MapGet("/export/{jobId}/download", DownloadExportAsync)
            .Produces(StatusCodes.Status200OK, contentType: "application/json")
            .WithName("DownloadMyDataExport")
            .WithSummary("The export's JSON archive, for the caller only, until it expires (then 404 and the archive is deleted).");

        group.MapDelete("", EraseAccountAsync)
            .ProducesErrors(StatusCodes.Status429TooManyRequests)
            .WithName("EraseMyAccount")
            .WithSummary("Erase the caller's account (password as confirmation): personal data removed, every session ended; audit entries and tickets keep an anonymous id. A wrong password counts toward the sign-in lockout, and while the account is locked the answer is 429.");

        return routes;
    }

    private static async Task<Accepted<ExportStartedResponse>> StartExportAsync(Caller caller, IGrainFactory grains)
    {
        var id = Guid.CreateVersion7().ToString("N");
        var payload = JsonSerializer.SerializeToElement(new Dictionary<string, string> { [PersonalData.ExportUserIdField] = caller.UserId });
        var job = await grains.GetGrain<IJobGrain>(id).CreateAsync(new CreateJobCommand(
            PersonalData.PersonalTenant(caller.UserId), caller.UserId, PersonalData.ExportJobType, payload, ExportMaxAttempts, null, null, null));
        return TypedResults.Accepted($"/api/v1/me/export/{id}", new ExportStartedResponse(job.Id, job.Status));
    }

    private static async Task<Ok<JobView>> GetExportAsync(string jobId, Caller caller, IGrainFactory grains)
        => TypedResults.Ok(await grains.GetGrain<IJobGrain>(CheckedJobId(jobId)).GetAsync(PersonalData.PersonalTenant(caller.UserId)));

    private static async Task<FileStreamHttpResult> DownloadExportAsync(
        string jobId, HttpContext http, Caller caller, IGrainFactory grains, IObjectStorage storage, CancellationToken cancellationToken)
    {
        var export = await grains.GetGrain<IPersonalDataExportGrain>(CheckedJobId(jobId)).GetForDownloadAsync(caller.UserId);
        var content = await storage.OpenReadAsync(ObjectKey.Create(export.StorageTenant, export.StoragePath.Split('/')), cancellationToken)
            ?? throw new NotFoundException(ExportNotFound);
        http.Response.RegisterForDisposeAsync(content);
        http.Response.ContentLength = content.Length;
        http.Response.Headers.XContentTypeOptions = "nosniff";
        http.Response.Headers.CacheControl = "no-store";
        return TypedResults.Stream(content.Content, "application/json", $"vetrai-export-{jobId}.json");
    }

    private static async Task<NoContent> EraseAccountAsync([FromBody] EraseAccountRequest? request, Caller caller, IGrainFactory grains)
    {
        var password = RequestValidator.RequireBody(request).Validate();
        await Reauthentication.ConfirmAsync(grains, caller, "password", password);
        await grains.GetGrain<IAccountErasureGrain>(IAccountErasureGrain.KeyFor(caller.UserId, caller.OrganizationId))
            .EraseAsync(new EraseAccountCommand(caller.UserId, password, caller.Actor));
        return TypedResults.NoContent();
    }

    /// <summary>Job ids are generated (32 hex digits); anything else names no export.</summary>
    private static string CheckedJobId(string jobId)
        => jobId.Length is > 0 and <= 64 && jobId.All(char.IsAsciiLetterOrDigit) ? jobId : throw new NotFoundException(ExportNotFound);
}

/// <summary>The answer to <c>POST /me/export</c>: the job to follow (<c>GET /me/export/{job_id}</c>).</summary>
public sealed record ExportStartedResponse(string JobId, JobStatus Status);

/// <summary><c>DELETE /me</c>: the caller's password, as confirmation.</summary>
public sealed record EraseAccountRequest(string? Password)
{
    /// <summary>The checked password, or a 400.</summary>
    public string Validate()
    {
        var v = new RequestValidator();
        var password = v.Required(Password, "password");
        v.Check(password.Length <= PasswordPolicy.MaxLength, $"password must be at most {PasswordPolicy.MaxLength} characters long.");
        v.ThrowIfInvalid();
        return password;
    }
}
