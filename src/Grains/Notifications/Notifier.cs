using Microsoft.Extensions.Logging;
using VetrAI.Grains.Abstractions.Notifications;
using VetrAI.Grains.Abstractions.ReadModels;
using VetrAI.Grains.Abstractions.Users;

namespace VetrAI.Grains.Notifications;

/// <summary>How features notify people of their events (a ticket assigned, a job failed, a payment failed). A
/// notification is a consequence, never a condition: it is handed off one-way, so the grain whose event it is
/// (a key validating, a ticket being written) never waits for it, and a failure to notify never fails the
/// operation that caused it.</summary>
internal interface INotifier
{
    /// <summary>Notifies one user.</summary>
    Task NotifyUserAsync(string userId, string? organizationId, string templateKey, IReadOnlyDictionary<string, string> data);

    /// <summary>Notifies every active member of <paramref name="organizationId"/> holding one of <paramref name="roles"/>,
    /// except <paramref name="exceptUserId"/>.</summary>
    Task NotifyRolesAsync(string organizationId, IReadOnlyList<string> roles, string templateKey, IReadOnlyDictionary<string, string> data, string? exceptUserId = null);

    /// <summary>The user's full name for a notification's text ("someone" when it cannot be read).</summary>
    Task<string> NameOfAsync(string userId);
}

internal sealed partial class GrainNotifier(IGrainFactory grains, ILogger<GrainNotifier> logger) : INotifier
{
    public Task NotifyUserAsync(string userId, string? organizationId, string templateKey, IReadOnlyDictionary<string, string> data) =>
        HandOffAsync(templateKey, () => Dispatch.NotifyUserAsync(new NotifyCommand(userId, organizationId, templateKey, data)));

    public Task NotifyRolesAsync(
        string organizationId, IReadOnlyList<string> roles, string templateKey, IReadOnlyDictionary<string, string> data, string? exceptUserId = null) =>
        HandOffAsync(templateKey, () => Dispatch.NotifyRolesAsync(organizationId, roles, templateKey, data, exceptUserId));

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

    private INotificationDispatchGrain Dispatch => grains.GetGrain<INotificationDispatchGrain>(0);

    private async Task HandOffAsync(string templateKey, Func<Task> send)
    {
        try
        {
            await send();
        }
        catch (Exception exception) when (exception is not OutOfMemoryException)
        {
            LogHandOffFailed(logger, templateKey, exception);
        }
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "A notification of {TemplateKey} could not be handed off")]
    private static partial void LogHandOffFailed(ILogger logger, string templateKey, Exception exception);
}

/// <summary>Finds the recipients of a notification and calls their inboxes, on the silo of the grain whose event it is.</summary>
[StatelessWorker]
internal sealed partial class NotificationDispatchGrain(ILogger<NotificationDispatchGrain> logger) : Grain, INotificationDispatchGrain
{
    private const int PageSize = 200;

    public async Task NotifyUserAsync(NotifyCommand command)
    {
        try
        {
            await GrainFactory.GetGrain<INotificationInboxGrain>(command.UserId).NotifyAsync(command);
        }
        catch (Exception exception) when (exception is not OutOfMemoryException)
        {
            LogNotifyFailed(logger, command.TemplateKey, command.UserId, exception);
        }
    }

    public async Task NotifyRolesAsync(
        string organizationId, IReadOnlyList<string> roles, string templateKey, IReadOnlyDictionary<string, string> data, string? exceptUserId)
    {
        var recipients = new List<string>();
        try
        {
            var listing = GrainFactory.GetGrain<IListingGrain>(0);
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
            await NotifyUserAsync(new NotifyCommand(userId, organizationId, templateKey, data));
        }
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Notifying {Recipient} of {TemplateKey} failed")]
    private static partial void LogNotifyFailed(ILogger logger, string templateKey, string recipient, Exception exception);
}
