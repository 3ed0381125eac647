namespace VetrAI.Grains.Abstractions.Notifications;

/// <summary>What notifications are about; each has its own preferences.</summary>
public static class NotificationCategories
{
    /// <summary>Support tickets: assigned, commented, SLA missed.</summary>
    public const string Tickets = "tickets";
    /// <summary>Payments and the subscription.</summary>
    public const string Billing = "billing";
    /// <summary>Background jobs that failed.</summary>
    public const string Jobs = "jobs";
    /// <summary>API keys running low on credits.</summary>
    public const string ApiKeys = "api_keys";

    /// <summary>Account security (invitations, password resets, verification, lockouts): its email cannot be turned off.</summary>
    public const string Security = "security";

    /// <summary>A message an organization admin sent directly; no preference applies.</summary>
    public const string General = "general";

    /// <summary>The categories users set preferences for.</summary>
    public static IReadOnlyList<string> WithPreferences { get; } = [Tickets, Billing, Jobs, ApiKeys, Security];
}

/// <summary>Where a notification goes.</summary>
public static class NotificationChannels
{
    /// <summary>The inbox of <c>GET /notifications</c>.</summary>
    public const string InApp = "in_app";
    /// <summary>Email through SMTP.</summary>
    public const string Email = "email";
    /// <summary>SMS through Twilio, to the phone number in the preferences.</summary>
    public const string Sms = "sms";

    /// <summary>Every channel.</summary>
    public static IReadOnlyList<string> All { get; } = [InApp, Email, Sms];
}

/// <summary>Delivery states.</summary>
public static class NotificationStatuses
{
    /// <summary>Waiting for its (next) delivery attempt.</summary>
    public const string Queued = "queued";

    /// <summary>Delivered (in-app notifications are delivered when created).</summary>
    public const string Sent = "sent";

    /// <summary>Given up: a permanent error, or every attempt failed; <c>error</c> says why.</summary>
    public const string Failed = "failed";
}

/// <summary>An event for one user.</summary>
/// <param name="UserId">The recipient.</param>
/// <param name="OrganizationId">The organization whose templates and branding apply (null: the defaults).</param>
/// <param name="TemplateKey">A built-in template key, e.g. <c>ticket.assigned</c>; it decides the category.</param>
/// <param name="Data">Values of the template's placeholders.</param>
/// <param name="EmailAddress">Where to send the email when not the user's own address (an invitation to a user
/// who cannot sign in yet uses the user's address too; this is for callers that must not call the user grain).</param>
[GenerateSerializer, Immutable, Alias("vetrai.NotifyCommand")]
public sealed record NotifyCommand(
    string UserId, string? OrganizationId, string TemplateKey, IReadOnlyDictionary<string, string> Data, string? EmailAddress = null);

/// <summary>A notification an admin sends: from a template, or a subject and body of their own.</summary>
[GenerateSerializer, Immutable, Alias("vetrai.SendNotificationCommand")]
public sealed record SendNotificationCommand(
    string OrganizationId,
    string Channel,
    string? TemplateKey,
    string? Subject,
    string? Body,
    IReadOnlyDictionary<string, string> Data,
    Audit.ActorContext Actor);

/// <summary>A notification as its recipient sees it.</summary>
[GenerateSerializer, Immutable, Alias("vetrai.NotificationView")]
public sealed record NotificationView(
    string Id,
    string Category,
    string Channel,
    string Subject,
    string Body,
    DateTimeOffset? ReadAt,
    string Status,
    int Attempts,
    string? Error,
    DateTimeOffset CreatedAt);

/// <summary>One page of notifications; <paramref name="NextAfter"/> continues after that id, null at the end.</summary>
[GenerateSerializer, Immutable, Alias("vetrai.NotificationPage")]
public sealed record NotificationPage(IReadOnlyList<NotificationView> Items, string? NextAfter);

/// <summary>Which channels a category uses.</summary>
[GenerateSerializer, Immutable, Alias("vetrai.ChannelPreference")]
public sealed record ChannelPreference(bool Email, bool InApp, bool Sms);

/// <summary>A user's preferences: per category, and the phone number SMS go to.</summary>
[GenerateSerializer, Immutable, Alias("vetrai.NotificationPreferences")]
public sealed record NotificationPreferences(IReadOnlyDictionary<string, ChannelPreference> Categories, string? PhoneNumber);

/// <summary>A change of preferences: the categories given are replaced; a null phone number keeps the current one
/// and an empty one removes it.</summary>
[GenerateSerializer, Immutable, Alias("vetrai.NotificationPreferencesChange")]
public sealed record NotificationPreferencesChange(IReadOnlyDictionary<string, ChannelPreference> Categories, string? PhoneNumber);

/// <summary>A template as an organization uses it.</summary>
/// <param name="Key">The built-in key.</param>
/// <param name="Category">The category of its notifications.</param>
/// <param name="Subject">The subject (email) or title (in-app), with placeholders.</param>
/// <param name="Body">The text, with placeholders.</param>
/// <param name="Variables">The placeholders it may use.</param>
/// <param name="Customized">Whether the organization overrides the default.</param>
[GenerateSerializer, Immutable, Alias("vetrai.NotificationTemplateView")]
public sealed record NotificationTemplateView(
    string Key, string Category, string Subject, string Body, IReadOnlyList<string> Variables, bool Customized);
