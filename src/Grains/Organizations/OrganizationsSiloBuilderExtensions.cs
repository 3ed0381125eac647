using VetrAI.Grains.Abstractions.Organizations;
using VetrAI.Runtime;

namespace VetrAI.Grains.Organizations;

internal static class OrganizationsSiloBuilderExtensions
{
    public static ISiloBuilder AddOrganizationsFeature(this ISiloBuilder builder)
        => builder
            .AddGrain<IOrganizationGrain, OrganizationGrain>()
            .AddGrain<ISlugIndexGrain, SlugIndexGrain>()
            .AddJsonTypeInfoResolver(OrganizationsJsonContext.Default)
            .AddJsonTypeInfoResolver(OrganizationsStateJsonContext.Default);
}
