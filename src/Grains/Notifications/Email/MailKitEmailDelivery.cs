using System.Net.Sockets;
using MailKit;
using MailKit.Net.Smtp;
using MailKit.Security;
using Microsoft.Extensions.Options;
using MimeKit;

namespace VetrAI.Grains.Notifications;

/// <summary>Sends email with MailKit, one SMTP session per message (deliveries are rare and spread over silos, so
/// a pooled connection would mostly sit idle). A temporary SMTP reply (4xx) or a connection problem is retried;
/// a permanent reply (5xx), such as a refused address, ends the delivery with the server's words.</summary>
internal sealed class MailKitEmailDelivery(IOptions<SmtpOptions> options) : IEmailDelivery
{
    public async Task<DeliveryOutcome> SendAsync(OutgoingEmail email, CancellationToken cancellationToken)
    {
        var smtp = options.Value;
        if (smtp.Host is null)
        {
            return DeliveryOutcome.GiveUp($"Email is not configured ({SmtpOptions.HostSetting}).");
        }

        if (!MailboxAddress.TryParse(email.To, out var to))
        {
            return DeliveryOutcome.GiveUp($"'{email.To}' is not an email address.");
        }

        using var message = new MimeMessage();
        message.From.Add(MailboxAddress.Parse(smtp.From));
        message.To.Add(to);
        message.Subject = email.Subject;
        // The same id on every attempt: a receiver can tell a repeated message.
        message.MessageId = $"{email.MessageId}@vetrai";
        message.Body = new BodyBuilder { TextBody = email.Text, HtmlBody = email.Html }.ToMessageBody();

        using var client = new SmtpClient { Timeout = (int)smtp.Timeout.TotalMilliseconds };
        try
        {
            var security = smtp.Security switch
            {
                "tls" => SecureSocketOptions.SslOnConnect,
                "starttls" => SecureSocketOptions.StartTls,
                _ => SecureSocketOptions.None,
            };
            await client.ConnectAsync(smtp.Host, smtp.Port, security, cancellationToken);
            if (smtp.UserName is not null)
            {
                await client.AuthenticateAsync(smtp.UserName, smtp.Password ?? "", cancellationToken);
            }

            await client.SendAsync(message, cancellationToken);
            await client.DisconnectAsync(quit: true, cancellationToken);
            return DeliveryOutcome.Sent;
        }
        catch (SmtpCommandException exception) when ((int)exception.StatusCode >= 500)
        {
            return DeliveryOutcome.GiveUp($"The SMTP server refused the message: {(int)exception.StatusCode} {exception.Message}");
        }
        catch (Exception exception) when (exception is SmtpCommandException or SmtpProtocolException or SocketException or IOException
                                              or ServiceNotConnectedException or AuthenticationException or TimeoutException or OperationCanceledException)
        {
            return DeliveryOutcome.RetryLater($"{smtp.Host}:{smtp.Port}: {exception.Message}");
        }
    }
}
