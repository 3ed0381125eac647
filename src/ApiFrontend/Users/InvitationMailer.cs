using System.Globalization;
using System.Net.Mail;
using Microsoft.Extensions.Options;
using VetrAI.ApiFrontend.Hosting;

namespace VetrAI.ApiFrontend.Users;

/// <summary>Sends the email that lets an invited user set a password.</summary>
internal sealed partial class InvitationMailer(
    IOptions<SmtpOptions> smtpOptions,
    IOptions<FrontendOptions> frontendOptions,
    ILogger<InvitationMailer> logger)
{
    /// <summary>Sends the invitation; false when no SMTP server is configured or sending failed (logged). The
    /// user exists either way, so a mail problem never fails the request that created them.</summary>
    public async Task<bool> SendAsync(string email, string fullName, string organizationName, string token, DateTimeOffset expiresAt, CancellationToken cancellationToken)
    {
        var smtp = smtpOptions.Value;
        if (smtp.Host is null)
        {
            return false;
        }

        var baseUrl = frontendOptions.Value.EffectivePublicUrl;
        var link = $"{baseUrl}/accept-invitation?token={Uri.EscapeDataString(token)}";
        using var message = new MailMessage(smtp.From, email)
        {
            Subject = $"You are invited to {organizationName} on VetrAI",
            Body = string.Create(CultureInfo.InvariantCulture, $$"""
                Hello {{fullName}},

                You have been invited to join {{organizationName}} on VetrAI.
                Set your password here: {{link}}

                Or call the API directly:
                POST {{baseUrl}}/api/v1/invitations/accept
                {"token": "{{token}}", "password": "<your new password>"}

                This invitation expires at {{expiresAt.UtcDateTime:yyyy-MM-dd HH:mm}} UTC.
                """),
        };

        try
        {
            using var client = new SmtpClient(smtp.Host, smtp.Port) { EnableSsl = false, DeliveryMethod = SmtpDeliveryMethod.Network };
            await client.SendMailAsync(message, cancellationToken);
            return true;
        }
        catch (SmtpException exception)
        {
            LogSendFailed(logger, exception, smtp.Host, smtp.Port);
            return false;
        }
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Could not send an invitation email through {Host}:{Port}")]
    private static partial void LogSendFailed(ILogger logger, Exception exception, string host, int port);
}
