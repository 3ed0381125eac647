using Microsoft.Extensions.Options;
using VetrAI.ApiFrontend.Hosting;

namespace VetrAI.ApiFrontend.Users;

/// <summary>Where invitation emails go. Without <see cref="Host"/> no email is sent (the invitation token is
/// still created, and an admin can hand it over another way).</summary>
public sealed class SmtpOptions
{
    /// <summary><c>VETRAI_SMTP_HOST</c>.</summary>
    public string? Host { get; set; }

    /// <summary><c>VETRAI_SMTP_PORT</c>, default 25.</summary>
    public int Port { get; set; } = 25;

    /// <summary><c>VETRAI_SMTP_FROM</c>, default no-reply@vetrai.local.</summary>
    public string From { get; set; } = "no-reply@vetrai.local";
}

internal sealed class SmtpOptionsValidator : IValidateOptions<SmtpOptions>
{
    public ValidateOptionsResult Validate(string? name, SmtpOptions options)
    {
        var failures = new List<string>();
        if (options.Port is < 1 or > 65535)
        {
            failures.Add($"{VetrAISettings.SmtpPort} must be a port number from 1 to 65535, but is {options.Port}.");
        }

        if (!System.Net.Mail.MailAddress.TryCreate(options.From, out _))
        {
            failures.Add($"{VetrAISettings.SmtpFrom} must be an email address, but is '{options.From}'.");
        }

        return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
    }
}
