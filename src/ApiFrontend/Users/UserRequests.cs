using VetrAI.ApiFrontend.Validation;
using VetrAI.Grains.Abstractions.Auth;
using VetrAI.Grains.Abstractions.Users;

namespace VetrAI.ApiFrontend.Users;

/// <summary>Role checks shared by the user requests.</summary>
internal static class UserRoleRules
{
    public static void Check(RequestValidator validator, IReadOnlyList<string>? roles)
    {
        if (roles is null)
        {
            return;
        }

        validator.Check(roles.Count > 0, "roles must contain at least one role.");
        var invalid = roles.Where(r => !Roles.OrganizationRoles.Contains(r, StringComparer.Ordinal)).ToList();
        validator.Check(invalid.Count == 0,
            $"roles may only contain {string.Join(", ", Roles.OrganizationRoles)}; not {string.Join(", ", invalid.Select(r => $"'{r}'"))}.");
    }
}

/// <summary><c>POST /users</c>. Without <c>password</c> the user is invited by email. A super admin names the
/// organization with <c>organization_id</c>.</summary>
public sealed record CreateUserRequest(string? Email, string? FullName, IReadOnlyList<string>? Roles, string? Password, string? OrganizationId)
{
    public const int MaxNameLength = 200;

    /// <summary>The checked request, or a 400 listing every problem.</summary>
    public CreateUserRequest Validate()
    {
        var v = new RequestValidator();
        var email = v.Required(Email, "email");
        var fullName = v.Required(FullName, "full_name");
        if (email.Length > 0)
        {
            v.Check(EmailAddresses.IsValid(email), "email is not a valid email address.");
        }

        v.Check(fullName.Trim().Length <= MaxNameLength, $"full_name must be at most {MaxNameLength} characters.");
        v.Check(Roles is not null, "roles is required.");
        UserRoleRules.Check(v, Roles);
        if (Password is not null)
        {
            v.Add(PasswordPolicy.Check(Password, email));
        }

        v.ThrowIfInvalid();
        return this with { Email = email.Trim(), FullName = fullName.Trim() };
    }
}

/// <summary><c>PUT /users/{id}</c>: only the fields given change.</summary>
public sealed record UpdateUserRequest(IReadOnlyList<string>? Roles, bool? Active, string? FullName)
{
    /// <summary>The checked request, or a 400 listing every problem.</summary>
    public UpdateUserRequest Validate()
    {
        var v = new RequestValidator();
        v.Check(Roles is not null || Active is not null || FullName is not null,
            "Nothing to update: give at least one of roles, active, full_name.");
        UserRoleRules.Check(v, Roles);
        if (FullName is not null)
        {
            v.Check(FullName.Trim().Length is > 0 and <= CreateUserRequest.MaxNameLength,
                $"full_name must be 1 to {CreateUserRequest.MaxNameLength} characters.");
        }

        v.ThrowIfInvalid();
        return this with { FullName = FullName?.Trim() };
    }
}
