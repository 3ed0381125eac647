using System.Globalization;
using VetrAI.Grains.Abstractions.Auth;

namespace VetrAI.Grains.Abstractions.Notifications;

/// <summary>The emails that carry a single-use link (password reset, email verification): queued in the user's
/// inbox, which delivers them durably; security category, so always emailed, and their templates carry a
/// secret, so they go by email only and their text is not kept once sent.</summary>
public static class AccountEmails
{
    /// <summary>How expiry times read in these emails.</summary>
    public static string ExpiryText(DateTimeOffset expiresAt)
        => expiresAt.UtcDateTime.ToString("yyyy-MM-dd HH:mm 'UTC'", CultureInfo.InvariantCulture);

    /// <summary>Queues <paramref name="templateKey"/> with the link <c>{linkBaseUrl}/{page}?token=...</c> in
    /// the variable <paramref name="urlVariable"/>, the token and its expiry.</summary>
    public static Task QueueAsync(
        IGrainFactory grains, string templateKey, string urlVariable, string linkBaseUrl, string page, IssuedEmailToken token)
    {
        ArgumentNullException.ThrowIfNull(grains);
        ArgumentNullException.ThrowIfNull(linkBaseUrl);
        ArgumentNullException.ThrowIfNull(token);
        var data = new Dictionary<string, string>(StringComparer.Ordinal)
        {
            [urlVariable] = $"{linkBaseUrl.TrimEnd('/')}/{page}?token={Uri.EscapeDataString(token.Token)}",
            ["token"] = token.Token,
            ["expires_at"] = ExpiryText(token.ExpiresAt),
        };
        return grains.GetGrain<INotificationInboxGrain>(token.UserId)
            .NotifyAsync(new NotifyCommand(token.UserId, token.OrganizationId, templateKey, data));
    }
}
