using VetrAI.Grains.Abstractions.Audit;
using VetrAI.Grains.Abstractions.Errors;
using VetrAI.Grains.Abstractions.Organizations;

namespace VetrAI.ApiFrontend.Organizations;

/// <summary>Creates an organization under a new id. A given slug must be free (409 otherwise); without one,
/// the slug is generated from the name, with a random tail when the plain form is taken.</summary>
internal sealed class OrganizationCreation(IGrainFactory grainFactory)
{
    private const int GeneratedSlugAttempts = 5;

    public async Task<OrganizationInfo> CreateAsync(string name, string? slug, string plan, ActorContext actor)
    {
        var organization = grainFactory.GetGrain<IOrganizationGrain>(Guid.CreateVersion7().ToString("N"));
        if (slug is not null)
        {
            return await organization.CreateAsync(new CreateOrganizationCommand(name, slug, plan, actor));
        }

        for (var attempt = 0; ; attempt++)
        {
            try
            {
                var candidate = Slugs.FromName(name, randomSuffix: attempt > 0);
                return await organization.CreateAsync(new CreateOrganizationCommand(name, candidate, plan, actor));
            }
            catch (ConflictException) when (attempt < GeneratedSlugAttempts)
            {
                // Taken: the next attempt adds a random tail.
            }
        }
    }
}
