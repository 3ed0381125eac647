using Microsoft.AspNetCore.Identity;
using VetrAI.Grains.Abstractions.Auth;
using VetrAI.Grains.Abstractions.Errors;
using VetrAI.Grains.Abstractions.Users;

namespace VetrAI.Grains.Users;

/// <summary>The grain-side checks of user input. The front end checks the same rules first to answer with
/// field names; these make the grain safe on its own.</summary>
internal static class UserRules
{
    public const int MaxFullNameLength = 200;
    public const string InvalidRefreshTokenMessage = "Invalid or expired refresh token.";

    private static readonly UserState _dummyUser = new();
    private static string? _dummyHash;

    public static void ValidateEmail(string email)
    {
        if (!EmailAddresses.IsValid(email))
        {
            throw new InvalidInputException("email is not a valid email address.");
        }
    }

    public static void ValidateFullName(string fullName)
    {
        if (string.IsNullOrWhiteSpace(fullName) || fullName.Trim().Length > MaxFullNameLength)
        {
            throw new InvalidInputException($"full_name must be 1 to {MaxFullNameLength} characters.");
        }
    }

    public static void ValidateRoles(IReadOnlyList<string> roles)
    {
        if (roles.Count == 0)
        {
            throw new InvalidInputException("roles must contain at least one role.");
        }

        var unknown = roles.FirstOrDefault(r => !Roles.IsKnown(r));
        if (unknown is not null)
        {
            throw new InvalidInputException($"roles contains an unknown role '{unknown}'; known roles: {string.Join(", ", Roles.All)}.");
        }
    }

    public static void ValidatePassword(string password, string email, string field)
    {
        if (PasswordPolicy.Check(password, email, field) is { } problem)
        {
            throw new InvalidInputException(problem);
        }
    }

    /// <summary>Verifies against a throwaway hash so that "no such user" costs what "wrong password" costs
    /// and timing does not tell which addresses have accounts.</summary>
    public static void SpendHashingTime(IPasswordHasher<UserState> hasher, string password)
    {
        var hash = _dummyHash ??= hasher.HashPassword(_dummyUser, Guid.NewGuid().ToString("N"));
        hasher.VerifyHashedPassword(_dummyUser, hash, password);
    }
}
