using VetrAI.Grains.Abstractions.Errors;
using VetrAI.Grains.Abstractions.Organizations;

namespace VetrAI.Grains.ApiKeys;

/// <summary>Reads limits from the organization grain (its GetAsync interleaves, so this never waits behind
/// the organization's own calls, such as a delete that revokes the keys).</summary>
internal sealed class OrganizationGrainLimitsReader(IGrainFactory grains) : IOrganizationLimitsReader
{
    public async Task<OrganizationKeyLimits?> GetAsync(string organizationId, CancellationToken cancellationToken)
    {
        OrganizationInfo organization;
        try
        {
            organization = await grains.GetGrain<IOrganizationGrain>(organizationId).GetAsync();
        }
        catch (NotFoundException)
        {
            return null;
        }

        if (organization.Deleted)
        {
            return null;
        }

        var limits = organization.Limits;
        return new OrganizationKeyLimits(limits.RateLimitPerMinute, limits.MonthlyRequests, limits.MaxKeys);
    }
}
