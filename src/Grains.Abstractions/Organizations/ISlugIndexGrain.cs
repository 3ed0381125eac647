
namespace VetrAI.Grains.Abstractions.Organizations;

/// <summary>Which organization owns a slug: one grain per slug makes uniqueness race-free. Key: the slug.</summary>
[Alias("slugindex")]
public interface ISlugIndexGrain : IGrainWithStringKey
{
    /// <summary>Reserves the slug for <paramref name="organizationId"/>. Idempotent for the same organization.
    /// A reservation whose organization was never created (a crashed request) is taken over after a grace period.</summary>
    /// <exception cref="Errors.ConflictException">Another organization owns the slug.</exception>
    Task ReserveAsync(string organizationId);

    /// <summary>Releases the slug if <paramref name="organizationId"/> owns it; otherwise does nothing.</summary>
    Task ReleaseAsync(string organizationId);

    /// <summary>The owning organization's id, or null.</summary>
    [ReadOnly]
    Task<string?> GetOwnerAsync();
}
