using VetrAI.Grains.Abstractions.Audit;
using VetrAI.Grains.Abstractions.Themes;

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

    /// <summary>Makes <paramref name="themeId"/> the active theme. Called by that theme's grain, which has checked
    /// that the theme is the organization's and not deleted.</summary>
    /// <exception cref="Errors.NotFoundException">It does not exist or was deleted.</exception>
    Task SetActiveThemeAsync(string themeId);

    /// <summary>Leaves the organization without an active theme if <paramref name="themeId"/> is the active one
    /// (a deleted theme calls this). Idempotent; a no-op on a deleted organization.</summary>
    Task ClearActiveThemeAsync(string themeId);

    /// <summary>The id of the active theme, or null. Interleaves with everything (see <see cref="GetAsync"/>).</summary>
    /// <exception cref="Errors.NotFoundException">It does not exist or was deleted.</exception>
    [AlwaysInterleave]
    Task<string?> GetActiveThemeIdAsync();

    /// <summary>The active theme's name, colors and absolute logo URL for emails; the platform's defaults
    /// (<see cref="ThemeBranding.Default"/>) without an active theme. Interleaves with everything: it only reads
    /// the active theme's id, and the theme grain it then asks may itself be waiting for this organization.</summary>
    /// <exception cref="Errors.NotFoundException">It does not exist or was deleted.</exception>
    [AlwaysInterleave]
    Task<ThemeBranding> GetBrandingAsync();
}
