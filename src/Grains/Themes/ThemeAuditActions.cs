namespace VetrAI.Grains.Themes;

/// <summary>The audit event names of themes. Clients filter on them, so a name never changes once shipped.</summary>
internal static class ThemeAuditActions
{
    public const string Created = "theme.created";
    public const string Updated = "theme.updated";
    public const string Deleted = "theme.deleted";
    public const string Activated = "theme.activated";
    public const string LogoUploaded = "theme.logo_uploaded";
    public const string FaviconUploaded = "theme.favicon_uploaded";
}
