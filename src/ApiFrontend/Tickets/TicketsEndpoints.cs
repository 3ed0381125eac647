using VetrAI.ApiFrontend.Requests;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.WebUtilities;
using Microsoft.Extensions.Options;
using Microsoft.Net.Http.Headers;
using VetrAI.ApiFrontend.Auth;
using VetrAI.ApiFrontend.Paging;
using VetrAI.ApiFrontend.Validation;
using VetrAI.Grains.Abstractions.Auth;
using VetrAI.Grains.Abstractions.Errors;
using VetrAI.Grains.Abstractions.Tickets;
using VetrAI.Grains.ObjectStorage;
using VetrAI.Grains.Tickets;
using VetrAI.Grains.Abstractions.ReadModels;

namespace VetrAI.ApiFrontend.Tickets;

/// <summary>Support tickets: requesters see their own tickets, support agents and org admins all of their
/// organization's; everything of another organization is 404.</summary>
internal static class TicketsEndpoints
{
    /// <summary>Room for the multipart framing around the file itself.</summary>
    private const long MultipartOverhead = 64 * 1024;

    public static IEndpointRouteBuilder MapTicketsEndpoints(this IEndpointRouteBuilder routes)
    {
        var group = routes.MapGroup("/api/v1/tickets").WithTags("Tickets").RequireCaller();

        group.MapPost("/", CreateAsync).WithName("CreateTicket").WithSummary("Open a ticket; its SLA clocks start from its priority.");
        group.MapGet("/", ListAsync).WithName("ListTickets")
            .WithSummary("Tickets the caller may see, newest first (filters: status, priority, assignee_id; paginated).");
        group.MapGet("/sla-policy", GetPolicyAsync).WithName("GetTicketSlaPolicy").WithSummary("The organization's SLA targets per priority.");
        group.MapPut("/sla-policy", SetPolicyAsync).WithName("SetTicketSlaPolicy")
            .WithSummary("Override the organization's SLA targets (org admins).").RequireRoles(Roles.OrgAdmin);
        group.MapGet("/{id}", GetAsync).WithName("GetTicket").WithSummary("One ticket with its comments and attachments.");
        group.MapPut("/{id}", UpdateAsync).WithName("UpdateTicket")
            .WithSummary("Change status (allowed transitions only), priority, assignee or subject.");
        group.MapPost("/{id}/comments", CommentAsync).WithName("AddTicketComment")
            .WithSummary("Comment; the first public agent reply stops the first-response clock. Internal comments are for agents.");
        group.MapPost("/{id}/attachments", AttachAsync).WithName("AddTicketAttachment")
            .WithSummary("Upload a file (multipart/form-data, one file part), streamed to object storage; 413 past the size limit.");
        group.MapGet("/{id}/attachments/{attachmentId}", DownloadAsync).WithName("DownloadTicketAttachment")
            .WithSummary("The attachment's bytes, streamed.");
        return routes;
    }

    private static async Task<Created<TicketResponse>> CreateAsync(
        CreateTicketRequest? request, Caller caller, IGrainFactory grains, [FromQuery(Name = "organization_id")] string? organizationId)
    {
        var (subject, description, priority) = RequestValidator.RequireBody(request).Validate();
        var actor = TicketActors.For(caller, organizationId);
        var id = Guid.CreateVersion7().ToString("N");
        var ticket = await grains.GetGrain<ITicketGrain>(id).OpenAsync(new OpenTicketCommand(actor, subject, description, priority));
        return TypedResults.Created($"/api/v1/tickets/{id}", TicketResponse.From(ticket));
    }

    private static async Task<Ok<Page<TicketResponse>>> ListAsync(
        Caller caller,
        IGrainFactory grains,
        string? status,
        string? priority,
        [FromQuery(Name = "assignee_id")] string? assigneeId,
        [FromQuery(Name = "organization_id")] string? organizationId,
        string? limit,
        string? cursor)
    {
        var page = PageRequest.Parse(limit, cursor);
        var v = new RequestValidator();
        v.Check(status is null || TicketNames.TryParseStatus(status, out _), "status must be one of open, pending, resolved, closed.");
        v.Check(priority is null || TicketNames.TryParsePriority(priority, out _), "priority must be one of low, normal, high, urgent.");
        v.ThrowIfInvalid();

        var actor = TicketActors.For(caller, organizationId);
        var tickets = await grains.GetGrain<IListingGrain>(0).ListTicketsAsync(
            actor, new TicketListFilter(status, priority, assigneeId, RequesterId: null), page.ToQuery());
        return TypedResults.Ok(Page<TicketResponse>.From(tickets, t => TicketResponse.From(t, withDetails: false)));
    }

    private static async Task<Ok<TicketResponse>> GetAsync(string id, Caller caller, IGrainFactory grains) =>
        TypedResults.Ok(TicketResponse.From(await grains.GetGrain<ITicketGrain>(id).GetAsync(TicketActors.For(caller))));

    private static async Task<Ok<TicketResponse>> UpdateAsync(string id, UpdateTicketRequest? request, Caller caller, IGrainFactory grains)
    {
        var command = RequestValidator.RequireBody(request).Validate();
        return TypedResults.Ok(TicketResponse.From(await grains.GetGrain<ITicketGrain>(id).UpdateAsync(TicketActors.For(caller), command)));
    }

    private static async Task<Created<TicketComment>> CommentAsync(string id, AddCommentRequest? request, Caller caller, IGrainFactory grains)
    {
        var command = RequestValidator.RequireBody(request).Validate();
        var comment = await grains.GetGrain<ITicketGrain>(id).AddCommentAsync(TicketActors.For(caller), command);
        return TypedResults.Created($"/api/v1/tickets/{id}", comment);
    }

    private static async Task<Created<AttachmentResponse>> AttachAsync(
        string id, HttpContext http, Caller caller, IGrainFactory grains, IObjectStorage storage, IOptions<TicketOptions> options, CancellationToken cancellationToken)
    {
        var actor = TicketActors.For(caller);
        var ticket = grains.GetGrain<ITicketGrain>(id);
        // Refused tickets (not visible, closed) are refused before a byte is read or stored.
        await ticket.EnsureCanAttachAsync(actor);
        var limits = options.Value;
        if (http.Features.Get<IHttpMaxRequestBodySizeFeature>() is { IsReadOnly: false } bodySize)
        {
            bodySize.MaxRequestBodySize = limits.MaxAttachmentBytes + MultipartOverhead;
        }

        var reader = new MultipartReader(Boundary(http.Request.ContentType), http.Request.Body);
        while (await reader.NextSectionAsync(cancellationToken) is { } section)
        {
            if (!ContentDispositionHeaderValue.TryParse(section.ContentDisposition, out var disposition) || !disposition.IsFileDisposition())
            {
                continue;
            }

            var fileName = AttachmentFiles.SanitizeFileName(HeaderUtilities.RemoveQuotes(
                disposition.FileNameStar.HasValue ? disposition.FileNameStar : disposition.FileName).Value);
            var contentType = AttachmentFiles.NormalizeContentType(section.ContentType)
                ?? throw new InvalidInputException("The file part needs a Content-Type.");
            if (!limits.AllowedAttachmentTypes.Contains(contentType, StringComparer.OrdinalIgnoreCase))
            {
                throw new InvalidInputException($"Files of type {contentType} are not accepted; allowed: {string.Join(", ", limits.AllowedAttachmentTypes)}.");
            }

            var attachmentId = Guid.CreateVersion7().ToString("N");
            var key = ObjectKey.Create(actor.OrganizationId, "tickets", id, attachmentId, fileName);
            StoredObjectInfo stored;
            try
            {
                stored = await storage.UploadAsync(key, section.Body, contentType, limits.MaxAttachmentBytes, cancellationToken);
            }
            catch (ObjectTooLargeException)
            {
                throw new PayloadTooLargeException($"The file is larger than the limit of {limits.MaxAttachmentBytes} bytes.");
            }

            try
            {
                var attachment = await ticket.AddAttachmentAsync(actor, new AddAttachmentCommand(attachmentId, fileName, contentType, stored.Size, key.Path));
                var response = AttachmentResponse.From(id, attachment);
                return TypedResults.Created(response.DownloadUrl, response);
            }
            catch
            {
                // The ticket refused the file after all (closed meanwhile): keep no orphan.
                await storage.DeleteAsync(key, CancellationToken.None);
                throw;
            }
        }

        throw new InvalidInputException("The request has no file: send multipart/form-data with one file part.");
    }

    private static async Task<FileStreamHttpResult> DownloadAsync(
        string id, string attachmentId, HttpContext http, Caller caller, IGrainFactory grains, IObjectStorage storage, CancellationToken cancellationToken)
    {
        var actor = TicketActors.For(caller);
        var attachment = await grains.GetGrain<ITicketGrain>(id).GetAttachmentAsync(actor, attachmentId);
        var content = await storage.OpenReadAsync(ObjectKey.Create(actor.OrganizationId, attachment.StoragePath.Split('/')), cancellationToken)
            ?? throw new NotFoundException($"Attachment '{attachmentId}' was not found.");
        http.Response.RegisterForDisposeAsync(content);
        http.Response.ContentLength = content.Length;
        http.Response.Headers.XContentTypeOptions = "nosniff";
        return TypedResults.Stream(content.Content, attachment.ContentType, attachment.FileName);
    }

    private static async Task<Ok<SlaPolicy>> GetPolicyAsync(Caller caller, IGrainFactory grains, [FromQuery(Name = "organization_id")] string? organizationId) =>
        TypedResults.Ok(await grains.GetGrain<ITicketSlaPolicyGrain>(caller.ResolveOrganizationId(organizationId)).GetAsync());

    private static async Task<Ok<SlaPolicy>> SetPolicyAsync(
        SlaPolicyRequest? request, Caller caller, IGrainFactory grains, [FromQuery(Name = "organization_id")] string? organizationId)
    {
        var policy = RequestValidator.RequireBody(request).Validate();
        return TypedResults.Ok(await grains.GetGrain<ITicketSlaPolicyGrain>(caller.ResolveOrganizationId(organizationId)).SetAsync(policy));
    }

    private static string Boundary(string? contentType)
    {
        if (!MediaTypeHeaderValue.TryParse(contentType, out var mediaType) || !mediaType.MediaType.Equals("multipart/form-data", StringComparison.OrdinalIgnoreCase))
        {
            throw new InvalidInputException("Send the file as multipart/form-data.");
        }

        var boundary = HeaderUtilities.RemoveQuotes(mediaType.Boundary).Value;
        return string.IsNullOrEmpty(boundary) || boundary.Length > 200
            ? throw new InvalidInputException("The multipart/form-data Content-Type needs a boundary.")
            : boundary;
    }

    /// <summary>A ticket changed or removed between the index read and this call is left out of the page.</summary>
    private static async Task<TicketView?> TryGetAsync(ITicketGrain ticket, TicketActor actor)
    {
        try
        {
            return await ticket.GetAsync(actor);
        }
        catch (NotFoundException)
        {
            return null;
        }
    }
}
