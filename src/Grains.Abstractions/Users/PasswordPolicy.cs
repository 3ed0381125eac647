namespace VetrAI.Grains.Abstractions.Users;

/// <summary>What a password must be: at least <see cref="MinLength"/> characters, with letters and digits,
/// and not the user's email address. Checked by the front end (for a clear 400) and again by the grain.</summary>
public static class PasswordPolicy
{
    /// <summary>Shortest password accepted.</summary>
    public const int MinLength = 10;

    /// <summary>Longest password accepted (hashing cost grows with length).</summary>
    public const int MaxLength = 256;

    /// <summary>Why <paramref name="password"/> is not acceptable for <paramref name="email"/>, naming the
    /// field as <paramref name="field"/>; null when it is.</summary>
    public static string? Check(string password, string? email, string field = "password")
    {
        ArgumentNullException.ThrowIfNull(password);
        if (password.Length < MinLength)
        {
            return $"{field} must be at least {MinLength} characters long.";
        }

        if (password.Length > MaxLength)
        {
            return $"{field} must be at most {MaxLength} characters long.";
        }

        if (!password.Any(char.IsLetter) || !password.Any(char.IsDigit))
        {
            return $"{field} must contain both letters and digits.";
        }

        if (email is not null && string.Equals(password.Trim(), email.Trim(), StringComparison.OrdinalIgnoreCase))
        {
            return $"{field} must not be the email address.";
        }

        return null;
    }
}
