
namespace VetrAI.Grains.Abstractions.Auth;

/// <summary>Which user owns an email address: one grain per normalized address (see
/// <see cref="Users.EmailAddresses.Normalize"/>) makes case-insensitive uniqueness race-free. Key: the normalized email.</summary>
[Alias("emailindex")]
public interface IEmailIndexGrain : IGrainWithStringKey
{
    /// <summary>Reserves the address for <paramref name="userId"/>. Idempotent for the same user. A reservation
    /// whose user was never created (a crashed request) is taken over after a grace period.</summary>
    /// <exception cref="Errors.ConflictException">Another user owns the address.</exception>
    Task ReserveAsync(string userId);

    /// <summary>Releases the address if <paramref name="userId"/> owns it; otherwise does nothing.</summary>
    Task ReleaseAsync(string userId);

    /// <summary>The owning user's id, or null.</summary>
    [ReadOnly]
    Task<string?> GetOwnerAsync();
}
