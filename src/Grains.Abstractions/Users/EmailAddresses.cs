using System.Net.Mail;

namespace VetrAI.Grains.Abstractions.Users;

/// <summary>Email address rules shared by the front end (validation) and the grains (index keys).</summary>
public static class EmailAddresses
{
    /// <summary>The longest address accepted (RFC 5321's path limit).</summary>
    public const int MaxLength = 254;

    /// <summary>The form addresses are compared and indexed in: trimmed and lower-cased, so that
    /// <c>Ann@Example.com</c> and <c>ann@example.com</c> are one account.</summary>
    public static string Normalize(string email)
    {
        ArgumentNullException.ThrowIfNull(email);
        return email.Trim().ToLowerInvariant();
    }

    /// <summary>Whether <paramref name="email"/> is a plain <c>local@domain.tld</c> address.</summary>
    public static bool IsValid(string? email)
    {
        if (string.IsNullOrWhiteSpace(email))
        {
            return false;
        }

        var trimmed = email.Trim();
        if (trimmed.Length > MaxLength || trimmed.Any(char.IsWhiteSpace))
        {
            return false;
        }

        var at = trimmed.IndexOf('@', StringComparison.Ordinal);
        if (at <= 0 || at != trimmed.LastIndexOf('@') || at == trimmed.Length - 1)
        {
            return false;
        }

        var domain = trimmed[(at + 1)..];
        var dot = domain.LastIndexOf('.');
        if (dot <= 0 || dot == domain.Length - 1 || domain.Contains("..", StringComparison.Ordinal))
        {
            return false;
        }

        // MailAddress also accepts display names ("Ann <a@b.c>"); insist the address is all there is.
        return MailAddress.TryCreate(trimmed, out var parsed) && string.Equals(parsed.Address, trimmed, StringComparison.Ordinal);
    }
}
