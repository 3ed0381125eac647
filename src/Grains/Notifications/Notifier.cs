using Microsoft.Extensions.Logging;
using VetrAI.Grains.Abstractions.Notifications;
using VetrAI.Grains.Abstractions.ReadModels;
using VetrAI.Grains.Abstractions.Users;

namespace VetrAI.Grains.Notifications;

/// <summary>How features notify people of their events (a ticket assigned, a job failed, a payment failed). A
/// notification is a consequence, never a condition: a failure to notify is logged and does not fail the
/// operation that caused it.</summary>
internal interface INotifier
{
    /// <summary>Notifies one user.</summary>
    Task NotifyUserAsync(string userId, string? organizationId, string templateKey, IReadOnlyDictionary<string, string> data);

    /// <summary>Notifies every active member of <paramref name="organizationId"/> holding one of <paramref name="roles"/>,
    /// except <paramref name="exceptUserId"/>.</summary>
    Task NotifyRolesAsync(string organizationId, IReadOnlyCollection<string> roles, string templateKey, IReadOnlyDictionary<string, string> data, string? exceptUserId = null);

    /// <summary>The user's full name for a notification's text ("someone" when it cannot be read).</summary>
    Task<string> NameOfAsync(string userId);
}

internal sealed partial class GrainNotifier(IGrainFactory grains, ILogger<GrainNotifier> logger) : INotifier
{
    private const int PageSize = 200;

    public async Task NotifyUserAsync(string userId, string? organizationId, string templateKey, IReadOnlyDictionary<string, string> data)
    {
        try
        {
            await grains.GetGrain<INotificationInboxGrain>(userId).NotifyAsync(new NotifyCommand(userId, organizationId, templateKey, data));
        }
        catch (Exception exception) when (exception is not OutOfMemoryException)
        {
            LogNotifyFailed(logger, templateKey, userId, exception);
        }
    }

    public async Task NotifyRolesAsync(
        string organizationId, IReadOnlyCollection<string> roles, string templateKey, IReadOnlyDictionary<string, string> data, string? exceptUserId = null)
    {
        var recipients = new List<string>();
        try
        {
            var listing = grains.GetGrain<IListingGrain>(0);
            PageQuery? query = new(PageSize, null);
            while (query is not null)
            {
                var page = await listing.ListUsersAsync(organizationId, "active", query);
                recipients.AddRange(page.Items
                    .Where(user => user.Roles.Any(roles.Contains) && !string.Equals(user.Id, exceptUserId, StringComparison.Ordinal))
                    .Select(user => user.Id));
                query = page.Next is { } next ? new PageQuery(PageSize, next) : null;
            }
        }
        catch (Exception exception) when (exception is not OutOfMemoryException)
        {
            LogNotifyFailed(logger, templateKey, $"roles {string.Join(",", roles)} of {organizationId}", exception);
            return;
        }

        foreach (var userId in recipients)
        {
            await NotifyUserAsync(userId, organizationId, templateKey, data);
        }
    }

    public async Task<string> NameOfAsync(string userId)
    {
        try
        {
            return (await grains.GetGrain<IUserGrain>(userId).GetAsync()).FullName;
        }
        catch (Exception exception) when (exception is not OutOfMemoryException)
        {
            return "someone";
        }
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Notifying {Recipient} of {TemplateKey} failed")]
    private static partial void LogNotifyFailed(ILogger logger, string templateKey, string recipient, Exception exception);
}
