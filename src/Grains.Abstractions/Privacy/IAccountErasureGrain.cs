using VetrAI.Grains.Abstractions.Audit;

namespace VetrAI.Grains.Abstractions.Privacy;

/// <summary>Runs the erasures of accounts (<c>DELETE /api/v1/me</c>) of one organization, one at a time, so that
/// two org admins erasing themselves at once cannot leave members without an admin. Key: the organization id, or
/// the user's <see cref="PersonalData.PersonalTenant"/> for a user without one (<see cref="KeyFor"/>). An erasure
/// is recorded before its first step and a reminder repeats the steps until all are done, so a fault half way
/// is completed later.</summary>
[Alias("accounterasure")]
public interface IAccountErasureGrain : IGrainWithStringKey
{
    /// <summary>The grain that erases a member of <paramref name="organizationId"/> (or a user without one).</summary>
    static string KeyFor(string userId, string? organizationId) => organizationId ?? PersonalData.PersonalTenant(userId);

    /// <summary>Checks and erases the account: the password must be right (otherwise nothing changes), and the last
    /// org_admin of an organization with other members may not go. A user alone in their organization takes the
    /// organization with them (deleted as <c>DELETE /organizations/{id}</c> deletes it).</summary>
    /// <exception cref="Errors.InvalidInputException">The password is wrong.</exception>
    /// <exception cref="Errors.ConflictException">The user is the last org_admin of an organization with other
    /// members, or a super admin, or has just moved to another organization.</exception>
    /// <exception cref="Errors.NotFoundException">The user does not exist (any more).</exception>
    Task EraseAsync(EraseAccountCommand command);
}

/// <summary>Erases an account.</summary>
/// <param name="UserId">The signed-in user asking for it.</param>
/// <param name="Password">Their password, as confirmation.</param>
/// <param name="Actor">The request.</param>
[GenerateSerializer, Immutable, Alias("vetrai.EraseAccountCommand")]
public sealed record EraseAccountCommand(string UserId, string Password, ActorContext Actor);
