using Microsoft.Extensions.Options;
using VetrAI.ApiFrontend.Hosting;
using VetrAI.Grains.Abstractions.Audit;
using VetrAI.Grains.Abstractions.Errors;
using VetrAI.Grains.Abstractions.Notifications;
using VetrAI.Grains.Abstractions.Users;

namespace VetrAI.ApiFrontend.Auth;

/// <summary>Sends the email-verification link: a new single-use token from the user grain, queued in the user's
/// notification inbox (template <c>email.verify</c>), which delivers it durably. The user grain limits how many
/// go out (3 an hour by default).</summary>
internal sealed partial class VerificationMailer(
    IGrainFactory grains,
    IOptions<FrontendOptions> frontendOptions,
    ILogger<VerificationMailer> logger)
{
    /// <summary>Issues and queues a link; nothing when the address is verified already.</summary>
    /// <exception cref="TooManyRequestsException">Too many links went out lately; nothing was sent (429 with the wait).</exception>
    public async Task SendAsync(string userId, ActorContext actor)
    {
        var outcome = await grains.GetGrain<IUserGrain>(userId).IssueEmailVerificationAsync(actor);
        if (outcome.RetryAfter is { } wait)
        {
            throw new TooManyRequestsException("Too many verification emails were sent lately; try again later.", wait);
        }

        if (outcome.Token is { } token)
        {
            await AccountEmails.QueueAsync(grains, "email.verify", "verify_url", frontendOptions.Value.EffectivePublicUrl, "verify-email", token);
        }
    }

    /// <summary>As <see cref="SendAsync"/>, for a request that must not fail because of it (registration): a
    /// failure is logged, and the user can ask again.</summary>
    public async Task TrySendAsync(string userId, ActorContext actor)
    {
        try
        {
            await SendAsync(userId, actor);
        }
        catch (Exception exception) when (exception is not OutOfMemoryException)
        {
            LogSendFailed(logger, exception, userId);
        }
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Could not send the verification email of user {UserId}")]
    private static partial void LogSendFailed(ILogger logger, Exception exception, string userId);
}
