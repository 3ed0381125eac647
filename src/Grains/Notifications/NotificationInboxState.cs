using VetrAI.Grains.Abstractions.Notifications;

namespace VetrAI.Grains.Notifications;

/// <summary>The stored inbox of one user.</summary>
internal sealed record NotificationInboxState
{
    /// <summary>Newest first.</summary>
    public IReadOnlyList<StoredNotification> Notifications { get; init; } = [];

    /// <summary>The user's own preferences by category; categories not here use the defaults.</summary>
    public Dictionary<string, ChannelPreference> Preferences { get; init; } = new(StringComparer.Ordinal);

    /// <summary>Where SMS go (E.164), if the user gave a number.</summary>
    public string? PhoneNumber { get; init; }
}

/// <summary>One notification on one channel, with its delivery.</summary>
internal sealed record StoredNotification
{
    public string Id { get; init; } = "";

    public string Category { get; init; } = "";

    public string Channel { get; init; } = "";

    public string Subject { get; init; } = "";

    /// <summary>The plain text.</summary>
    public string Body { get; init; } = "";

    /// <summary>The email's HTML part (with the organization's branding); null for other channels.</summary>
    public string? Html { get; init; }

    /// <summary>The email address or phone number it goes to; null in-app.</summary>
    public string? Address { get; init; }

    public DateTimeOffset CreatedAt { get; init; }

    public DateTimeOffset? ReadAt { get; init; }

    public string Status { get; init; } = NotificationStatuses.Queued;

    public int Attempts { get; init; }

    /// <summary>The provider's last error.</summary>
    public string? Error { get; init; }

    /// <summary>When the next attempt is due, while queued.</summary>
    public DateTimeOffset? NextAttemptAt { get; init; }

    /// <summary>An attempt was started and its outcome not yet recorded. Found set after a restart, it means the
    /// silo stopped during the attempt: the message may have gone out, so it is not sent again.</summary>
    public bool InFlight { get; init; }

    /// <summary>Its text holds a single-use link (an invitation, a reset, a verification): never shown in the
    /// inbox (whoever holds a session must not find a reset link there) and dropped once delivery ends.</summary>
    public bool CarriesSecret { get; init; }

    public const string SecretBodyPlaceholder = "This email carried a single-use link; its text is not kept.";

    public NotificationView ToView()
        => new(Id, Category, Channel, Subject, CarriesSecret ? SecretBodyPlaceholder : Body, ReadAt, Status, Attempts, Error, CreatedAt);

    /// <summary>This notification with a secret-carrying text dropped once it will not be sent (again).</summary>
    public StoredNotification ForgetSecretWhenSettled()
        => CarriesSecret && Status != NotificationStatuses.Queued ? this with { Body = "", Html = null } : this;
}
