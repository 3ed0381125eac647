using VetrAI.ApiFrontend.Users;
using VetrAI.Grains.Abstractions.Users;

namespace VetrAI.ApiFrontend.Auth;

/// <summary>The answer of register, login, refresh and invitation acceptance.</summary>
public sealed record TokenResponse(UserResponse User, string AccessToken, string RefreshToken, string TokenType, int ExpiresIn);

/// <summary><c>GET /me</c>.</summary>
public sealed record MeResponse(
    string Id, string Email, string FullName, IReadOnlyList<string> Roles, string? OrganizationId, DateTimeOffset CreatedAt, bool EmailVerified, bool MfaEnabled)
{
    /// <summary>Maps a grain's <see cref="UserInfo"/>.</summary>
    public static MeResponse From(UserInfo user)
    {
        ArgumentNullException.ThrowIfNull(user);
        return new MeResponse(user.Id, user.Email, user.FullName, user.Roles, user.OrganizationId, user.CreatedAt, user.EmailVerified, user.MfaEnabled);
    }
}
