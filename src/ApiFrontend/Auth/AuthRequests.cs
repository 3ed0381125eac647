using VetrAI.ApiFrontend.Validation;
using VetrAI.Grains.Abstractions.Users;

namespace VetrAI.ApiFrontend.Auth;

/// <summary><c>POST /register</c>.</summary>
public sealed record RegisterRequest(string? Email, string? Password, string? FullName, string? OrganizationName)
{
    public const int MaxNameLength = 200;

    /// <summary>The checked input, or a 400 listing every problem.</summary>
    public RegisterInput Validate()
    {
        var v = new RequestValidator();
        var email = v.Required(Email, "email");
        var password = v.Required(Password, "password");
        var fullName = v.Required(FullName, "full_name");
        if (email.Length > 0)
        {
            v.Check(EmailAddresses.IsValid(email), "email is not a valid email address.");
        }

        if (password.Length > 0)
        {
            v.Add(PasswordPolicy.Check(password, email));
        }

        v.Check(fullName.Trim().Length <= MaxNameLength, $"full_name must be at most {MaxNameLength} characters.");
        if (OrganizationName is not null)
        {
            v.Check(OrganizationName.Trim().Length is > 0 and <= MaxNameLength, $"organization_name must be 1 to {MaxNameLength} characters.");
        }

        v.ThrowIfInvalid();
        return new RegisterInput(email.Trim(), password, fullName.Trim(), OrganizationName?.Trim());
    }
}

/// <summary>A checked registration.</summary>
public sealed record RegisterInput(string Email, string Password, string FullName, string? OrganizationName);

/// <summary><c>POST /login</c>.</summary>
public sealed record LoginRequest(string? Email, string? Password)
{
    /// <summary>The checked input, or a 400.</summary>
    public (string Email, string Password) Validate()
    {
        var v = new RequestValidator();
        var email = v.Required(Email, "email");
        var password = v.Required(Password, "password");
        if (email.Length > 0)
        {
            // No account has such an address, and it must not become a grain key (a NUL would reach storage).
            v.Check(EmailAddresses.IsValid(email), "email is not a valid email address.");
        }

        v.ThrowIfInvalid();
        return (email, password);
    }
}

/// <summary><c>POST /refresh</c>.</summary>
public sealed record RefreshRequest(string? RefreshToken)
{
    /// <summary>The checked input, or a 400.</summary>
    public string Validate()
    {
        var v = new RequestValidator();
        var token = v.Required(RefreshToken, "refresh_token");
        v.ThrowIfInvalid();
        return token;
    }
}

/// <summary><c>POST /logout</c>; the body is optional.</summary>
public sealed record LogoutRequest(string? RefreshToken);

/// <summary><c>POST /change-password</c>.</summary>
public sealed record ChangePasswordRequest(string? CurrentPassword, string? NewPassword)
{
    /// <summary>The checked input, or a 400.</summary>
    public (string Current, string New) Validate()
    {
        var v = new RequestValidator();
        var current = v.Required(CurrentPassword, "current_password");
        var next = v.Required(NewPassword, "new_password");
        if (next.Length > 0)
        {
            v.Add(PasswordPolicy.Check(next, null, "new_password"));
        }

        v.ThrowIfInvalid();
        return (current, next);
    }
}

/// <summary><c>POST /invitations/accept</c>: the token from the invitation email and the new password.</summary>
public sealed record AcceptInvitationRequest(string? Token, string? Password)
{
    /// <summary>The checked input, or a 400.</summary>
    public (string Token, string Password) Validate()
    {
        var v = new RequestValidator();
        var token = v.Required(Token, "token");
        var password = v.Required(Password, "password");
        if (password.Length > 0)
        {
            v.Add(PasswordPolicy.Check(password, null));
        }

        v.ThrowIfInvalid();
        return (token, password);
    }
}
