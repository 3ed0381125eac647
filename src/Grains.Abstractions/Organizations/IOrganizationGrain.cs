using VetrAI.Grains.Abstractions.Audit;

namespace VetrAI.Grains.Abstractions.Organizations;

/// <summary>One organization (tenant): its name, slug, plan, limits and members. Key: the organization id.
/// It calls its slug index, its members' user grains (on delete) and its API-key registry; none of those
/// calls it back except through the interleaving <see cref="GetAsync"/> and <see cref="ExistsAsync"/>.</summary>
[Alias(TypeName)]
public interface IOrganizationGrain : IGrainWithStringKey
{
    /// <summary>The grain type name, also the <c>grain_type</c> of its rows in <c>grain_state</c>.</summary>
    const string TypeName = "organization";

    /// <summary>Creates the organization and reserves its slug.</summary>
    /// <exception cref="Errors.ConflictException">It already exists, or the slug is taken.</exception>
    /// <exception cref="Errors.InvalidInputException">The name, slug or plan is invalid.</exception>
    Task<OrganizationInfo> CreateAsync(CreateOrganizationCommand command);

    /// <summary>The organization, deleted or not. Interleaves with every other call: it only reads an
    /// immutable snapshot, and grains that the organization itself calls (the key registry while deleting)
    /// must be able to read its limits without waiting for it.</summary>
    /// <exception cref="Errors.NotFoundException">It was never created.</exception>
    [AlwaysInterleave]
    Task<OrganizationInfo> GetAsync();

    /// <summary>Whether it exists and is not deleted. Interleaves with everything (see <see cref="GetAsync"/>).</summary>
    [AlwaysInterleave]
    Task<bool> ExistsAsync();

    /// <summary>Changes name, slug, plan or limits. A new slug is reserved before the change and the old one
    /// released after it.</summary>
    /// <exception cref="Errors.NotFoundException">It does not exist or was deleted.</exception>
    /// <exception cref="Errors.ConflictException">The new slug is taken.</exception>
    /// <exception cref="Errors.InvalidInputException">A value is invalid.</exception>
    Task<OrganizationInfo> UpdateAsync(UpdateOrganizationCommand command);

    /// <summary>Adds a user to the members, enforcing <see cref="OrganizationLimits.MaxUsers"/>. Idempotent.</summary>
    /// <exception cref="Errors.NotFoundException">It does not exist or was deleted.</exception>
    /// <exception cref="Errors.ForbiddenException">The plan's user limit is reached.</exception>
    Task AddMemberAsync(string userId);

    /// <summary>Removes a user from the members. Idempotent; a no-op on a deleted organization.</summary>
    Task RemoveMemberAsync(string userId);

    /// <summary>Deletes the organization: marks it deleted, releases its slug, revokes all its API keys and
    /// deactivates its members.</summary>
    /// <exception cref="Errors.NotFoundException">It does not exist or was already deleted.</exception>
    Task<OrganizationDeleted> DeleteAsync(ActorContext actor);
}
