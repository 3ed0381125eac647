using VetrAI.Grains.Abstractions.Users;

namespace VetrAI.ApiFrontend.Users;

/// <summary>A user on the wire.</summary>
public sealed record UserResponse(
    string Id,
    string Email,
    string FullName,
    IReadOnlyList<string> Roles,
    string? OrganizationId,
    bool Active,
    string Status,
    DateTimeOffset CreatedAt)
{
    /// <summary>Maps a grain's <see cref="UserInfo"/>; status is active, inactive or invited.</summary>
    public static UserResponse From(UserInfo user)
    {
        ArgumentNullException.ThrowIfNull(user);
        var status = !user.Active ? "inactive" : user.Invited ? "invited" : "active";
        return new UserResponse(user.Id, user.Email, user.FullName, user.Roles, user.OrganizationId, user.Active, status, user.CreatedAt);
    }
}
