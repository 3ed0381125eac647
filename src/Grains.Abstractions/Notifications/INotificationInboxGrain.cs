namespace VetrAI.Grains.Abstractions.Notifications;

/// <summary>One user's notifications: the in-app inbox, the email and SMS deliveries queued for them, and their
/// preferences. Key: the user id. It reads the user's profile and the organization's templates and branding;
/// none of those call it.</summary>
[Alias("notificationinbox")]
public interface INotificationInboxGrain : IGrainWithStringKey
{
    /// <summary>An event for this user: one notification per channel the user's preferences allow for the
    /// event's category (email for <c>security</c> always), rendered from the organization's template. Email and
    /// SMS are queued durably and delivered in the background.</summary>
    /// <exception cref="Errors.NotFoundException">The user does not exist.</exception>
    Task<IReadOnlyList<NotificationView>> NotifyAsync(NotifyCommand command);

    /// <summary>One notification on one channel, as an organization admin asked for it (preferences do not apply:
    /// the admin chose the channel).</summary>
    /// <exception cref="Errors.InvalidInputException">The template is unknown, or a placeholder has no value.</exception>
    Task<NotificationView> SendAsync(SendNotificationCommand command);

    /// <summary>The newest notifications first, optionally only the unread ones.</summary>
    [ReadOnly]
    Task<NotificationPage> ListAsync(bool unreadOnly, int limit, string? after);

    /// <summary>Marks one notification read (again: no change).</summary>
    /// <exception cref="Errors.NotFoundException">No such notification in this inbox.</exception>
    Task<NotificationView> MarkReadAsync(string notificationId);

    /// <summary>Marks every unread notification read; answers how many changed.</summary>
    Task<int> MarkAllReadAsync();

    /// <summary>The user's preferences, defaults filled in (email and in-app on, SMS off).</summary>
    [ReadOnly]
    Task<NotificationPreferences> GetPreferencesAsync();

    /// <summary>Replaces the preferences of the categories given, and sets or removes the phone number.</summary>
    /// <exception cref="Errors.InvalidInputException">A change would turn off security emails, or the phone number is malformed.</exception>
    Task<NotificationPreferences> SetPreferencesAsync(NotificationPreferencesChange change);

    /// <summary>Erases the inbox of an erased user: every notification (with its addresses), the preferences and
    /// the phone number, and stops pending deliveries. Idempotent.</summary>
    Task EraseAsync();
}

/// <summary>An organization's notification templates: the built-in defaults with its own overrides. Key: the
/// organization id.</summary>
[Alias("notificationtemplates")]
public interface INotificationTemplatesGrain : IGrainWithStringKey
{
    /// <summary>Every built-in key with the organization's text where it has one.</summary>
    [ReadOnly]
    Task<IReadOnlyList<NotificationTemplateView>> ListAsync();

    /// <summary>The template of <paramref name="key"/> as this organization uses it.</summary>
    /// <exception cref="Errors.NotFoundException">No built-in template has this key.</exception>
    [ReadOnly]
    Task<NotificationTemplateView> GetAsync(string key);

    /// <summary>Overrides the template. Every placeholder must be one of the key's variables.</summary>
    /// <exception cref="Errors.NotFoundException">No built-in template has this key.</exception>
    /// <exception cref="Errors.InvalidInputException">A placeholder is unknown or malformed, or a text is empty or too long.</exception>
    Task<NotificationTemplateView> SetAsync(string key, string subject, string body, Audit.ActorContext actor);
}

/// <summary>Hands notifications of events to the inboxes without making the grain whose event it is wait: its calls
/// are one-way, and a stateless worker on the caller's silo finds the recipients and calls their inboxes. Key: 0.</summary>
[Alias("notificationdispatch")]
public interface INotificationDispatchGrain : IGrainWithIntegerKey
{
    /// <summary>Notifies one user (see <see cref="INotificationInboxGrain.NotifyAsync"/>).</summary>
    [OneWay]
    Task NotifyUserAsync(NotifyCommand command);

    /// <summary>Notifies every active member of the organization holding one of <paramref name="roles"/>, except
    /// <paramref name="exceptUserId"/>.</summary>
    [OneWay]
    Task NotifyRolesAsync(string organizationId, IReadOnlyList<string> roles, string templateKey, IReadOnlyDictionary<string, string> data, string? exceptUserId);
}
