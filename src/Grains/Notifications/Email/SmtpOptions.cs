using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Options;

namespace VetrAI.Grains.Notifications;

/// <summary>The SMTP server emails go through (VETRAI_SMTP_*).</summary>
public sealed class SmtpOptions
{
    public const string HostSetting = "VETRAI_SMTP_HOST";
    public const string PortSetting = "VETRAI_SMTP_PORT";
    public const string FromSetting = "VETRAI_SMTP_FROM";
    public const string UserNameSetting = "VETRAI_SMTP_USERNAME";
    public const string PasswordSetting = "VETRAI_SMTP_PASSWORD";
    public const string SecuritySetting = "VETRAI_SMTP_SECURITY";

    /// <summary>Without a host no email is sent: email deliveries end failed, saying so.</summary>
    public string? Host { get; set; }

    public int Port { get; set; } = 25;

    public string From { get; set; } = "no-reply@vetrai.local";

    public string? UserName { get; set; }

    public string? Password { get; set; }

    /// <summary><c>none</c> (plain SMTP, e.g. a relay inside the cluster or maildev), <c>starttls</c> or <c>tls</c>.</summary>
    public string Security { get; set; } = "none";

    /// <summary>How long connecting and each SMTP command may take.</summary>
    public TimeSpan Timeout { get; set; } = TimeSpan.FromSeconds(10);

    public static void Bind(SmtpOptions options, IConfiguration configuration)
    {
        options.Host = configuration[HostSetting] is { Length: > 0 } host ? host.Trim() : options.Host;
        options.Port = int.TryParse(configuration[PortSetting], out var port) ? port : configuration[PortSetting] is { Length: > 0 } ? -1 : options.Port;
        options.From = configuration[FromSetting] is { Length: > 0 } from ? from.Trim() : options.From;
        options.UserName = configuration[UserNameSetting] is { Length: > 0 } user ? user : options.UserName;
        options.Password = configuration[PasswordSetting] is { Length: > 0 } password ? password : options.Password;
        options.Security = configuration[SecuritySetting] is { Length: > 0 } security ? security.Trim().ToLowerInvariant() : options.Security;
    }
}

internal sealed class SmtpOptionsValidator : IValidateOptions<SmtpOptions>
{
    public ValidateOptionsResult Validate(string? name, SmtpOptions options)
    {
        var failures = new List<string>();
        if (options.Port is < 1 or > 65535)
        {
            failures.Add($"{SmtpOptions.PortSetting} must be a port number from 1 to 65535.");
        }

        if (!MimeKit.MailboxAddress.TryParse(options.From, out _))
        {
            failures.Add($"{SmtpOptions.FromSetting} must be an email address, but is '{options.From}'.");
        }

        if (options.Security is not ("none" or "starttls" or "tls"))
        {
            failures.Add($"{SmtpOptions.SecuritySetting} must be none, starttls or tls.");
        }

        if ((options.UserName is null) != (options.Password is null))
        {
            failures.Add($"{SmtpOptions.UserNameSetting} and {SmtpOptions.PasswordSetting} go together: set both or neither.");
        }

        return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
    }
}
