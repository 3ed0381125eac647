using System.Security.Cryptography;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Extensions.Options;
using VetrAI.ApiFrontend.Auth;
using VetrAI.ApiFrontend.Paging;
using VetrAI.ApiFrontend.Validation;
using VetrAI.Grains.Abstractions.Auth;
using VetrAI.Grains.Abstractions.Errors;
using VetrAI.Grains.Abstractions.Organizations;
using VetrAI.Grains.Abstractions.ReadModels;
using VetrAI.Grains.Abstractions.Themes;
using VetrAI.Grains.ObjectStorage;
using VetrAI.Grains.Themes;

namespace VetrAI.ApiFrontend.Themes;

/// <summary>Themes of an organization: members read them, org admins change them. Their stylesheets and images are
/// public (pages and emails load them without a token), by unguessable id; everything of another organization, a
/// deleted theme or a malformed id is 404.</summary>
internal static class ThemesEndpoints
{
    private const string NotFoundMessage = "Theme not found.";

    /// <summary>SVG served as a document could still run what a browser finds in it; this keeps it an inert image.</summary>
    private const string SvgPolicy = "default-src 'none'; img-src data:; style-src 'unsafe-inline'; sandbox";

    public static IEndpointRouteBuilder MapThemesEndpoints(this IEndpointRouteBuilder routes)
    {
        var group = routes.MapGroup("/api/v1/themes").WithTags("Themes");

        group.MapPost("/", CreateAsync).RequireRoles(Roles.OrgAdmin).WithName("CreateTheme")
            .WithSummary("Create a theme: name, colors (#rgb or #rrggbb) and optional custom CSS that loads nothing from other origins.");
        group.MapGet("/", ListAsync).RequireCaller().WithName("ListThemes").WithSummary("The organization's themes, newest first (paginated).");
        group.MapGet("/{id}", GetAsync).RequireCaller().WithName("GetTheme").WithSummary("One theme.");
        group.MapPut("/{id}", UpdateAsync).RequireRoles(Roles.OrgAdmin).WithName("UpdateTheme")
            .WithSummary("Change name, colors (each on its own) or custom CSS (\"\" removes it).");
        group.MapDelete("/{id}", DeleteAsync).RequireRoles(Roles.OrgAdmin).WithName("DeleteTheme")
            .WithSummary("Delete a theme and its images; if it was active, the organization falls back to the default theme.");
        group.MapPost("/{id}/activate", ActivateAsync).RequireRoles(Roles.OrgAdmin).WithName("ActivateTheme")
            .WithSummary("Make the theme the organization's active theme.");
        group.MapPost("/{id}/{kind:regex(^(logo|favicon)$)}", UploadAsync).RequireRoles(Roles.OrgAdmin).WithName("UploadThemeImage")
            .WithSummary("Upload the logo or favicon (multipart/form-data, one file: PNG, JPEG, ICO or SVG, checked by content; 413 past the limit).");
        group.MapGet("/{id}/{kind:regex(^(logo|favicon)$)}", DownloadAsync).AllowAnonymous().WithName("GetThemeImage")
            .Produces<Stream>(StatusCodes.Status200OK, "image/png", "image/jpeg", "image/svg+xml", "image/x-icon")
            .Produces(StatusCodes.Status304NotModified)
            .WithSummary("The logo or favicon (public), with its content type; 304 for a matching If-None-Match.");
        group.MapGet("/{id}/theme.css", ThemeCssAsync).AllowAnonymous().WithName("GetThemeCss")
            .Produces<string>(StatusCodes.Status200OK, "text/css")
            .Produces(StatusCodes.Status304NotModified)
            .WithSummary("The theme's generated stylesheet (public), with a strong ETag; 304 for a matching If-None-Match.");

        routes.MapGet("/api/v1/organizations/{id}/theme.css", OrganizationCssAsync).AllowAnonymous().WithTags("Themes")
            .WithName("GetOrganizationThemeCss")
            .Produces<string>(StatusCodes.Status200OK, "text/css")
            .Produces(StatusCodes.Status304NotModified)
            .WithSummary("The stylesheet of the organization's active theme, or of the default theme when it has none (public).");
        return routes;
    }

    private static async Task<Created<ThemeResponse>> CreateAsync(
        CreateThemeRequest? request, Caller caller, IGrainFactory grains, [FromQuery(Name = "organization_id")] string? organizationId)
    {
        var spec = RequestValidator.RequireBody(request).Validate();
        var organization = await LiveOrganizationAsync(grains, caller.ResolveOrganizationId(organizationId));
        var id = Guid.CreateVersion7().ToString("N");
        var theme = await grains.GetGrain<IThemeGrain>(id).CreateAsync(organization.Id, spec, caller.Actor);
        return TypedResults.Created($"/api/v1/themes/{id}", ThemeResponse.From(theme, activeThemeId: null));
    }

    private static async Task<Ok<Page<ThemeResponse>>> ListAsync(
        Caller caller, IGrainFactory grains, string? limit, string? cursor, [FromQuery(Name = "organization_id")] string? organizationId)
    {
        var page = PageRequest.Parse(limit, cursor);
        var organization = caller.ResolveOrganizationId(organizationId);
        var active = await ActiveThemeIdAsync(grains, organization);
        var themes = await grains.GetGrain<IListingGrain>(0).ListThemesAsync(organization, page.ToQuery());
        return TypedResults.Ok(Page<ThemeResponse>.From(themes, theme => ThemeResponse.From(theme, active)));
    }

    private static async Task<Ok<ThemeResponse>> GetAsync(
        string id, Caller caller, IGrainFactory grains, [FromQuery(Name = "organization_id")] string? organizationId)
    {
        var organization = caller.ResolveOrganizationId(organizationId);
        var theme = await Theme(grains, id).GetAsync(organization);
        return TypedResults.Ok(ThemeResponse.From(theme, await ActiveThemeIdAsync(grains, organization)));
    }

    private static async Task<Ok<ThemeResponse>> UpdateAsync(
        string id, UpdateThemeRequest? request, Caller caller, IGrainFactory grains, [FromQuery(Name = "organization_id")] string? organizationId)
    {
        var command = RequestValidator.RequireBody(request).Validate();
        var organization = caller.ResolveOrganizationId(organizationId);
        var theme = await Theme(grains, id).UpdateAsync(organization, command, caller.Actor);
        return TypedResults.Ok(ThemeResponse.From(theme, await ActiveThemeIdAsync(grains, organization)));
    }

    private static async Task<NoContent> DeleteAsync(
        string id, Caller caller, IGrainFactory grains, IObjectStorage storage, [FromQuery(Name = "organization_id")] string? organizationId)
    {
        var organization = caller.ResolveOrganizationId(organizationId);
        var images = await Theme(grains, id).DeleteAsync(organization, caller.Actor);
        foreach (var path in images)
        {
            await DeleteQuietlyAsync(storage, organization, path);
        }

        return TypedResults.NoContent();
    }

    private static async Task<Ok<ThemeResponse>> ActivateAsync(
        string id, Caller caller, IGrainFactory grains, [FromQuery(Name = "organization_id")] string? organizationId)
    {
        var organization = caller.ResolveOrganizationId(organizationId);
        var theme = await Theme(grains, id).ActivateAsync(organization, caller.Actor);
        return TypedResults.Ok(ThemeResponse.From(theme, theme.Id));
    }

    private static async Task<Ok<ThemeResponse>> UploadAsync(
        string id,
        string kind,
        HttpContext http,
        Caller caller,
        IGrainFactory grains,
        IObjectStorage storage,
        IOptions<ThemeOptions> options,
        TimeProvider time,
        [FromQuery(Name = "organization_id")] string? organizationId)
    {
        var imageKind = ThemeImages.KindOf(kind);
        var organization = caller.ResolveOrganizationId(organizationId);
        var theme = Theme(grains, id);
        // A theme that would refuse the image (not found, another tenant's) refuses it before a byte is read.
        await theme.EnsureCanChangeAsync(organization);
        var cancellationToken = http.RequestAborted;
        var file = await ThemeUploads.ReadSingleFileAsync(http.Request, options.Value.MaxImageBytes, cancellationToken);
        var contentType = ThemeImages.Recognize(file.Bytes, file.ContentType, file.FileName);

        var sha256 = Convert.ToHexStringLower(SHA256.HashData(file.Bytes));
        var key = ObjectKey.Create(organization, "themes", id, $"{kind}-{sha256[..32]}");
        using (var content = new MemoryStream(file.Bytes, writable: false))
        {
            await storage.UploadAsync(key, content, contentType, options.Value.MaxImageBytes, cancellationToken);
        }

        ThemeImageChange change;
        try
        {
            change = await theme.SetImageAsync(
                organization, imageKind, new ThemeImage(key.Path, contentType, file.Bytes.Length, sha256, time.GetUtcNow()), caller.Actor);
        }
        catch (NotFoundException)
        {
            // The theme was deleted meanwhile: keep no orphan. (On any other failure the grain may have taken the
            // image, and the same bytes may be the theme's current image: the object stays.)
            await DeleteQuietlyAsync(storage, organization, key.Path);
            throw;
        }

        if (change.ReplacedPath is { } replaced)
        {
            await DeleteQuietlyAsync(storage, organization, replaced);
        }

        return TypedResults.Ok(ThemeResponse.From(change.Theme, await ActiveThemeIdAsync(grains, organization)));
    }

    private static async Task<IResult> DownloadAsync(string id, string kind, HttpContext http, IGrainFactory grains, IObjectStorage storage)
    {
        var theme = await PublishedAsync(grains, id);
        var image = theme.Image(ThemeImages.KindOf(kind)) ?? throw new NotFoundException($"The theme has no {kind}.");
        var etag = $"\"{image.Sha256}\"";
        EntityTags.SetCaching(http.Response, etag);
        if (image.ContentType == ThemeImages.Svg)
        {
            http.Response.Headers.ContentSecurityPolicy = SvgPolicy;
        }

        if (EntityTags.NoneMatchHits(http.Request, etag))
        {
            return TypedResults.StatusCode(StatusCodes.Status304NotModified);
        }

        var content = await storage.OpenReadAsync(ObjectKey.Create(theme.OrganizationId, image.StoragePath.Split('/')), http.RequestAborted)
            ?? throw new NotFoundException($"The theme has no {kind}.");
        http.Response.RegisterForDisposeAsync(content);
        http.Response.ContentLength = content.Length;
        return TypedResults.Stream(content.Content, image.ContentType);
    }

    private static async Task<IResult> ThemeCssAsync(string id, HttpContext http, IGrainFactory grains) =>
        Stylesheet(http, ThemeStylesheet.For(await PublishedAsync(grains, id)));

    private static async Task<IResult> OrganizationCssAsync(string id, HttpContext http, IGrainFactory grains)
    {
        if (!ThemeRules.IsWellFormedId(id) || !await grains.GetGrain<IOrganizationGrain>(id).ExistsAsync())
        {
            throw new NotFoundException(Caller.OrganizationNotFound);
        }

        ThemeView? theme = null;
        if (await grains.GetGrain<IOrganizationGrain>(id).GetActiveThemeIdAsync() is { } themeId)
        {
            try
            {
                theme = await grains.GetGrain<IThemeGrain>(themeId).GetPublishedAsync();
            }
            catch (NotFoundException)
            {
                // Deleted after it was read as active: the organization has no theme now.
            }
        }

        return Stylesheet(http, ThemeStylesheet.For(theme));
    }

    private static IResult Stylesheet(HttpContext http, ThemeStylesheet stylesheet)
    {
        EntityTags.SetCaching(http.Response, stylesheet.ETag);
        return EntityTags.NoneMatchHits(http.Request, stylesheet.ETag)
            ? TypedResults.StatusCode(StatusCodes.Status304NotModified)
            : TypedResults.Bytes(stylesheet.Content, "text/css; charset=utf-8");
    }

    /// <summary>A theme for anonymous readers: well-formed id, not deleted, of an organization that is not deleted.</summary>
    private static async Task<ThemeView> PublishedAsync(IGrainFactory grains, string id)
    {
        var theme = await Theme(grains, id).GetPublishedAsync();
        return await grains.GetGrain<IOrganizationGrain>(theme.OrganizationId).ExistsAsync() ? theme : throw new NotFoundException(NotFoundMessage);
    }

    /// <summary>The theme grain of a well-formed id; any other id cannot be a theme and is 404 without a grain call.</summary>
    private static IThemeGrain Theme(IGrainFactory grains, string id) =>
        ThemeRules.IsWellFormedId(id) ? grains.GetGrain<IThemeGrain>(id) : throw new NotFoundException(NotFoundMessage);

    private static async Task<OrganizationInfo> LiveOrganizationAsync(IGrainFactory grains, string organizationId)
    {
        var organization = await grains.GetGrain<IOrganizationGrain>(organizationId).GetAsync();
        return organization.Deleted ? throw new NotFoundException(Caller.OrganizationNotFound) : organization;
    }

    private static async Task<string?> ActiveThemeIdAsync(IGrainFactory grains, string organizationId)
    {
        try
        {
            return await grains.GetGrain<IOrganizationGrain>(organizationId).GetActiveThemeIdAsync();
        }
        catch (NotFoundException)
        {
            return null;
        }
    }

    /// <summary>Removes an image nobody refers to any more; a failure leaves an orphan object, never a failed request.</summary>
    private static async Task DeleteQuietlyAsync(IObjectStorage storage, string organizationId, string path)
    {
        try
        {
            await storage.DeleteAsync(ObjectKey.Create(organizationId, path.Split('/')), CancellationToken.None);
        }
        catch (Exception exception) when (exception is not OperationCanceledException)
        {
            // Orphans cost storage only; the theme no longer names them.
        }
    }
}
