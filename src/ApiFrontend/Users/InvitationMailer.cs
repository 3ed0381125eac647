using Microsoft.Extensions.Options;
using VetrAI.ApiFrontend.Hosting;
using VetrAI.Grains.Abstractions.Notifications;

namespace VetrAI.ApiFrontend.Users;

/// <summary>Sends the email that lets an invited user set a password, through the invited user's notification
/// inbox (template <c>user.invited</c>, security category: always email), which queues it durably and retries it.</summary>
internal sealed partial class InvitationMailer(
    IGrainFactory grains,
    IOptions<FrontendOptions> frontendOptions,
    ILogger<InvitationMailer> logger)
{
    /// <summary>Queues the invitation; a failure to queue is logged, never fails the request that created the user.</summary>
    public async Task QueueAsync(string userId, string organizationId, string token, DateTimeOffset expiresAt)
    {
        var baseUrl = frontendOptions.Value.EffectivePublicUrl;
        var data = new Dictionary<string, string>(StringComparer.Ordinal)
        {
            ["invitation_url"] = $"{baseUrl}/accept-invitation?token={Uri.EscapeDataString(token)}",
            ["token"] = token,
            ["expires_at"] = AccountEmails.ExpiryText(expiresAt),
            ["api_url"] = baseUrl,
        };
        try
        {
            await grains.GetGrain<INotificationInboxGrain>(userId).NotifyAsync(new NotifyCommand(userId, organizationId, "user.invited", data));
        }
        catch (Exception exception) when (exception is not OutOfMemoryException)
        {
            LogQueueFailed(logger, exception, userId);
        }
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Could not queue the invitation email of user {UserId}")]
    private static partial void LogQueueFailed(ILogger logger, Exception exception, string userId);
}
