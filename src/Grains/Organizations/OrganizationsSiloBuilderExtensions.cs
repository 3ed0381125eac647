using VetrAI.Grains.Abstractions.Organizations;

namespace VetrAI.Grains.Organizations;

internal static class OrganizationsSiloBuilderExtensions
{
    public static ISiloBuilder AddOrganizationsFeature(this ISiloBuilder builder)
        => builder
            .AddStateJson(OrganizationsJsonContext.Default)
            .AddStateJson(OrganizationsStateJsonContext.Default);
}
