using Microsoft.Extensions.Options;
using VetrAI.ApiFrontend.Hosting;
using VetrAI.Grains.Abstractions.Users;

namespace VetrAI.ApiFrontend.Auth;

/// <summary>The platform's super admin, created (or repaired) at every start when both settings are given.</summary>
public sealed class BootstrapAdminOptions
{
    /// <summary><c>VETRAI_BOOTSTRAP_ADMIN_EMAIL</c>.</summary>
    public string? Email { get; set; }

    /// <summary><c>VETRAI_BOOTSTRAP_ADMIN_PASSWORD</c>. While set it is authoritative: a restart resets the
    /// admin's password to it.</summary>
    public string? Password { get; set; }

    /// <summary>Whether a super admin is to be bootstrapped.</summary>
    public bool IsConfigured => Email is not null && Password is not null;
}

internal sealed class BootstrapAdminOptionsValidator : IValidateOptions<BootstrapAdminOptions>
{
    public ValidateOptionsResult Validate(string? name, BootstrapAdminOptions options)
    {
        if (options.Email is null && options.Password is null)
        {
            return ValidateOptionsResult.Success;
        }

        if (options.Email is null || options.Password is null)
        {
            return ValidateOptionsResult.Fail(
                $"Set both {VetrAISettings.BootstrapAdminEmail} and {VetrAISettings.BootstrapAdminPassword}, or neither.");
        }

        if (!EmailAddresses.IsValid(options.Email))
        {
            return ValidateOptionsResult.Fail($"{VetrAISettings.BootstrapAdminEmail} is not a valid email address.");
        }

        return PasswordPolicy.Check(options.Password, options.Email, VetrAISettings.BootstrapAdminPassword) is { } problem
            ? ValidateOptionsResult.Fail(problem)
            : ValidateOptionsResult.Success;
    }
}
