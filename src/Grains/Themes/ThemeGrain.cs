using Microsoft.Extensions.Options;
using VetrAI.Grains.Abstractions.Audit;
using VetrAI.Grains.Abstractions.Errors;
using VetrAI.Grains.Abstractions.Organizations;
using VetrAI.Grains.Abstractions.Themes;
using VetrAI.Grains.Audit;

namespace VetrAI.Grains.Themes;

/// <summary>A theme of an organization. It owns the order of everything done to it: activation and deletion meet
/// here, so the organization's active theme is never a theme deleted before the activation was acknowledged.</summary>
internal sealed class ThemeGrain(
    [PersistentState(ThemeGrain.StateName)] IPersistentState<ThemeState> theme,
    IAuditLog auditLog,
    IOptions<ThemeOptions> options,
    TimeProvider time) : Grain, IThemeGrain
{
    /// <summary>The storage name of this grain's state; the read models list rows by it.</summary>
    public const string StateName = "theme";

    private const string NotFoundMessage = "Theme not found.";

    public async Task<ThemeView> CreateAsync(string organizationId, ThemeSpec spec, ActorContext actor)
    {
        ArgumentException.ThrowIfNullOrEmpty(organizationId);
        if (theme.State.Id.Length > 0)
        {
            throw new ConflictException($"Theme '{this.GetPrimaryKeyString()}' already exists.");
        }

        var valid = ThemeRules.Normalize(spec);
        var now = time.GetUtcNow();
        theme.State = new ThemeState
        {
            Id = this.GetPrimaryKeyString(),
            OrganizationId = organizationId,
            Name = valid.Name,
            Colors = valid.Colors,
            CustomCss = valid.CustomCss,
            CreatedAt = now,
            UpdatedAt = now,
        };
        await theme.WriteStateAsync();
        await AuditAsync(ThemeAuditActions.Created, actor, new Dictionary<string, string?> { ["name"] = valid.Name });
        return theme.State.ToView();
    }

    public Task<ThemeView> GetAsync(string organizationId) => Task.FromResult(Visible(organizationId).ToView());

    public async Task<ThemeView> UpdateAsync(string organizationId, UpdateThemeCommand command, ActorContext actor)
    {
        ArgumentNullException.ThrowIfNull(command);
        var current = Visible(organizationId);
        var colors = current.Colors;
        var spec = ThemeRules.Normalize(new ThemeSpec(
            command.Name ?? current.Name,
            new ThemeColors(command.Primary ?? colors.Primary, command.Secondary ?? colors.Secondary, command.Background ?? colors.Background, command.Text ?? colors.Text),
            command.CustomCss ?? current.CustomCss));
        var next = current with { Name = spec.Name, Colors = spec.Colors, CustomCss = spec.CustomCss };
        if (next == current)
        {
            return current.ToView();
        }

        theme.State = next with { UpdatedAt = time.GetUtcNow() };
        await theme.WriteStateAsync();
        var changed = new Dictionary<string, string?>();
        if (next.Name != current.Name)
        {
            changed["name"] = next.Name;
        }

        if (next.Colors != current.Colors)
        {
            changed["colors"] = $"{next.Colors.Primary} {next.Colors.Secondary} {next.Colors.Background} {next.Colors.Text}";
        }

        if (next.CustomCss != current.CustomCss)
        {
            changed["custom_css_length"] = (next.CustomCss?.Length ?? 0).ToString(System.Globalization.CultureInfo.InvariantCulture);
        }

        await AuditAsync(ThemeAuditActions.Updated, actor, changed);
        return theme.State.ToView();
    }

    public async Task<IReadOnlyList<string>> DeleteAsync(string organizationId, ActorContext actor)
    {
        var current = Visible(organizationId);
        var now = time.GetUtcNow();
        theme.State = current with { Deleted = true, DeletedAt = now, UpdatedAt = now };
        await theme.WriteStateAsync();
        await AuditAsync(ThemeAuditActions.Deleted, actor, new Dictionary<string, string?> { ["name"] = current.Name });

        // After the deletion is stored: should this call fail, the organization points at a deleted theme, which
        // every reader treats as no theme (the default), and a retried DELETE is a 404.
        await GrainFactory.GetGrain<IOrganizationGrain>(organizationId).ClearActiveThemeAsync(current.Id);
        return [.. new[] { current.Logo, current.Favicon }.OfType<ThemeImage>().Select(image => image.StoragePath)];
    }

    public Task EnsureCanChangeAsync(string organizationId)
    {
        Visible(organizationId);
        return Task.CompletedTask;
    }

    public async Task<ThemeImageChange> SetImageAsync(string organizationId, ThemeImageKind kind, ThemeImage image, ActorContext actor)
    {
        ArgumentNullException.ThrowIfNull(image);
        var current = Visible(organizationId);
        var replaced = kind == ThemeImageKind.Logo ? current.Logo : current.Favicon;
        var next = kind == ThemeImageKind.Logo ? current with { Logo = image } : current with { Favicon = image };
        theme.State = next with { UpdatedAt = time.GetUtcNow() };
        await theme.WriteStateAsync();
        await AuditAsync(
            kind == ThemeImageKind.Logo ? ThemeAuditActions.LogoUploaded : ThemeAuditActions.FaviconUploaded,
            actor,
            new Dictionary<string, string?>
            {
                ["content_type"] = image.ContentType,
                ["size"] = image.Size.ToString(System.Globalization.CultureInfo.InvariantCulture),
                ["sha256"] = image.Sha256,
            });
        var replacedPath = replaced is not null && replaced.StoragePath != image.StoragePath ? replaced.StoragePath : null;
        return new ThemeImageChange(theme.State.ToView(), replacedPath);
    }

    public async Task<ThemeView> ActivateAsync(string organizationId, ActorContext actor)
    {
        var current = Visible(organizationId);
        await GrainFactory.GetGrain<IOrganizationGrain>(organizationId).SetActiveThemeAsync(current.Id);
        await AuditAsync(ThemeAuditActions.Activated, actor, new Dictionary<string, string?> { ["name"] = current.Name });
        return current.ToView();
    }

    public Task<ThemeView> GetPublishedAsync() =>
        theme.State.Exists ? Task.FromResult(theme.State.ToView()) : throw new NotFoundException(NotFoundMessage);

    public Task<ThemeBranding> GetBrandingAsync()
    {
        var current = theme.State.Exists ? theme.State : throw new NotFoundException(NotFoundMessage);
        var logoUrl = current.Logo is { } logo
            ? $"{options.Value.PublicUrl.TrimEnd('/')}/api/v1/themes/{current.Id}/logo?v={logo.UrlVersion()}"
            : null;
        var colors = current.Colors;
        return Task.FromResult(new ThemeBranding(current.Name, colors.Primary, colors.Secondary, colors.Background, colors.Text, logoUrl));
    }

    /// <summary>The theme, if it exists and belongs to <paramref name="organizationId"/>; 404 otherwise, alike.</summary>
    private ThemeState Visible(string organizationId) =>
        theme.State.Exists && string.Equals(theme.State.OrganizationId, organizationId, StringComparison.Ordinal)
            ? theme.State
            : throw new NotFoundException(NotFoundMessage);

    private Task AuditAsync(string action, ActorContext actor, IReadOnlyDictionary<string, string?> details) =>
        auditLog.WriteAsync(new AuditEntry(theme.State.OrganizationId, action, $"theme:{this.GetPrimaryKeyString()}", actor, details));
}
