using System.Net.Sockets;
using MailKit;
using MailKit.Net.Smtp;
using MailKit.Security;
using Microsoft.Extensions.Options;
using MimeKit;

namespace VetrAI.Grains.Notifications;

/// <summary>Sends email with MailKit, one SMTP session per message (deliveries are rare and spread over silos, so
/// a pooled connection would mostly sit idle). What certainly did not reach the server is retried: a failure to
/// connect, a temporary reply (4xx). A permanent reply (5xx), such as a refused address, ends the delivery with the
/// server's words, and so does a connection lost during the transfer, after which the server may hold the message.</summary>
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
        }
        catch (Exception exception) when (IsConnectionProblem(exception) || exception is SmtpCommandException)
        {
            // Nothing was sent yet.
            return DeliveryOutcome.RetryLater($"{smtp.Host}:{smtp.Port}: {exception.Message}");
        }

        try
        {
            await client.SendAsync(message, cancellationToken);
        }
        catch (SmtpCommandException exception)
        {
            // The server answered the message with an error: it did not take it.
            var text = $"The SMTP server answered {(int)exception.StatusCode}: {exception.Message}";
            return (int)exception.StatusCode >= 500 ? DeliveryOutcome.GiveUp(text) : DeliveryOutcome.RetryLater(text);
        }
        catch (Exception exception) when (IsConnectionProblem(exception))
        {
            // Lost during the transfer: the server may have taken it, so it is not sent again.
            return DeliveryOutcome.GiveUp($"The connection to {smtp.Host}:{smtp.Port} broke while sending ({exception.Message}); it may have been delivered, so it is not sent again.");
        }

        try
        {
            await client.DisconnectAsync(quit: true, cancellationToken);
        }
        catch (Exception exception) when (IsConnectionProblem(exception))
        {
            // The message was accepted; how the session ends does not matter.
        }

        return DeliveryOutcome.Sent;
    }

    private static bool IsConnectionProblem(Exception exception) =>
        exception is SmtpProtocolException or SocketException or IOException or ServiceNotConnectedException
            or AuthenticationException or TimeoutException or OperationCanceledException or SslHandshakeException;
}
