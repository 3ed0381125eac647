using VetrAI.Grains.Abstractions.Organizations;

namespace VetrAI.Grains.Notifications;

/// <summary>How an organization's emails look: its name, colors and logo (from its active theme).</summary>
internal sealed record EmailBranding(string Name, string Primary, string Background, string Text, string? LogoUrl)
{
    /// <summary>VetrAI's own look, for organizations without a theme and for mail outside any organization.</summary>
    public static EmailBranding Default { get; } = new("VetrAI", "#1f6feb", "#ffffff", "#1f2328", null);
}

/// <summary>Finds the branding of an organization's emails.</summary>
internal interface IEmailBranding
{
    Task<EmailBranding> GetAsync(string? organizationId);
}

/// <summary>The organization's name with the colors and logo of its active theme (VetrAI's without one).</summary>
internal sealed class OrganizationEmailBranding(IGrainFactory grains) : IEmailBranding
{
    public async Task<EmailBranding> GetAsync(string? organizationId)
    {
        if (organizationId is null)
        {
            return EmailBranding.Default;
        }

        var organization = grains.GetGrain<IOrganizationGrain>(organizationId);
        var info = await organization.GetAsync();
        if (info.Deleted)
        {
            return EmailBranding.Default with { Name = info.Name };
        }

        var theme = await organization.GetBrandingAsync();
        return new EmailBranding(info.Name, theme.Primary, theme.Background, theme.Text, theme.LogoUrl);
    }
}
