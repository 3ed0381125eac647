using System.Collections.Concurrent;
using System.Text.RegularExpressions;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using VetrAI.Grains.Abstractions.Errors;
using VetrAI.Grains.Abstractions.Notifications;
using VetrAI.Grains.Abstractions.Organizations;
using VetrAI.Grains.Abstractions.Users;
using VetrAI.Grains.ReadModels;
using VetrAI.Grains.Scheduling;

namespace VetrAI.Grains.Notifications;

/// <summary>A user's notifications. Making one renders it at once (the organization's template, its branding in
/// the email's HTML) and stores it; email and SMS then wait in this state for delivery, which a reminder drives,
/// so a queued delivery survives the death of its silo. Each attempt is recorded before it starts and after it
/// ends: a failed attempt is retried with exponential backoff, a delivery that was accepted is never sent again.</summary>
internal sealed partial class NotificationInboxGrain(
    [PersistentState("notificationinbox")] IPersistentState<NotificationInboxState> inbox,
    IEmailDelivery email,
    ISmsDelivery sms,
    EmailComposer composer,
    IOptions<NotificationOptions> options,
    DeliveryMetrics metrics,
    TimeProvider time,
    ILogger<NotificationInboxGrain> logger) : Grain, INotificationInboxGrain, IRemindable
{
    private const string DeliveryReminder = "deliver";
    private const string OutcomeUnknown =
        "The silo stopped during this delivery attempt, so it may have been sent; it is not sent again, to never send it twice.";

    private static readonly ChannelPreference _defaultPreference = new(Email: true, InApp: true, Sms: false);

    // Deliveries run beside the inbox's turns (an SMTP server that hangs must not hold up reading the inbox); they
    // touch no state and leave their outcomes here for a turn to record.
    private readonly ConcurrentQueue<(string Id, DeliveryOutcome Outcome)> _outcomes = new();
    private Task _delivering = Task.CompletedTask;
    private IGrainTimer? _outcomeTimer;

    public override async Task OnActivateAsync(CancellationToken cancellationToken)
    {
        if (inbox.State.Notifications.Any(n => n.InFlight))
        {
            Replace(n => n.InFlight, n => (n with { InFlight = false, Status = NotificationStatuses.Failed, Error = OutcomeUnknown, NextAttemptAt = null }).ForgetSecretWhenSettled());
            await inbox.WriteStateAsync(cancellationToken);
        }
    }

    public override async Task OnDeactivateAsync(DeactivationReason reason, CancellationToken cancellationToken)
    {
        await _delivering;
        await RecordOutcomesAsync();
    }

    public async Task<IReadOnlyList<NotificationView>> NotifyAsync(NotifyCommand command)
    {
        ArgumentNullException.ThrowIfNull(command);
        var template = NotificationTemplateCatalog.Find(command.TemplateKey)
            ?? throw new InvalidInputException($"Unknown notification template '{command.TemplateKey}'.");
        var user = await GrainFactory.GetGrain<IUserGrain>(this.GetPrimaryKeyString()).GetAsync();
        if (!user.Active && !user.Invited)
        {
            return [];
        }

        var preference = PreferenceOf(template.Category);
        var channels = new List<string>();
        if (preference.InApp)
        {
            channels.Add(NotificationChannels.InApp);
        }

        if (preference.Email || template.Category == NotificationCategories.Security)
        {
            channels.Add(NotificationChannels.Email);
        }

        if (preference.Sms && inbox.State.PhoneNumber is not null)
        {
            channels.Add(NotificationChannels.Sms);
        }

        if (template.CarriesSecret)
        {
            channels = [NotificationChannels.Email];
        }

        var (subject, body) = await TemplateOfAsync(command.OrganizationId, template.Key);
        var values = await ValuesAsync(user, command.OrganizationId, command.Data);
        var created = new List<StoredNotification>();
        foreach (var channel in channels)
        {
            var notification = await CreateAsync(template.Category, channel, subject, body, values, command.OrganizationId, command.EmailAddress ?? user.Email);
            created.Add(notification with { CarriesSecret = template.CarriesSecret });
        }

        await StoreAsync(created);
        return created.Select(n => n.ToView()).ToList();
    }

    public async Task<NotificationView> SendAsync(SendNotificationCommand command)
    {
        ArgumentNullException.ThrowIfNull(command);
        var user = await GrainFactory.GetGrain<IUserGrain>(this.GetPrimaryKeyString()).GetAsync();
        string category, subject, body;
        if (command.TemplateKey is not null)
        {
            // Security emails (invitations, resets, verification) come only from the platform: an admin could
            // otherwise send members a trusted-looking link they cannot turn off.
            var template = NotificationTemplateCatalog.Find(command.TemplateKey) is { Category: not NotificationCategories.Security } found
                ? found
                : throw new InvalidInputException(
                    $"template must be one of: {string.Join(", ", NotificationTemplateCatalog.All.Where(t => t.Category != NotificationCategories.Security).Select(t => t.Key))}.");
            category = template.Category;
            (subject, body) = await TemplateOfAsync(command.OrganizationId, template.Key);
            var missing = template.Variables.Where(v => !command.Data.ContainsKey(v)).ToList();
            if (missing.Count > 0)
            {
                throw new InvalidInputException($"data lacks the template's placeholders: {string.Join(", ", missing)}.");
            }
        }
        else
        {
            category = NotificationCategories.General;
            subject = command.Subject ?? "";
            body = command.Body ?? "";
            var allowed = NotificationTemplateCatalog.CommonVariables.Concat(command.Data.Keys).ToHashSet(StringComparer.Ordinal);
            var why = new[]
            {
                TemplateText.WhyInvalid("subject", subject, allowed, TemplateText.MaxSubjectLength),
                TemplateText.WhyInvalid("body", body, allowed, TemplateText.MaxBodyLength),
            }.Where(w => w is not null).ToList();
            if (why.Count > 0)
            {
                throw new InvalidInputException(string.Join(" ", why));
            }
        }

        if (command.Channel == NotificationChannels.Sms && inbox.State.PhoneNumber is null)
        {
            throw new ConflictException("The user has no phone number for SMS (they give one in their notification preferences).");
        }

        var values = await ValuesAsync(user, command.OrganizationId, command.Data);
        var notification = await CreateAsync(category, command.Channel, subject, body, values, command.OrganizationId, user.Email);
        await StoreAsync([notification]);
        return notification.ToView();
    }

    public Task<NotificationPage> ListAsync(bool unreadOnly, int limit, string? after)
    {
        var visible = inbox.State.Notifications.Where(n => !unreadOnly || n.ReadAt is null).ToList();
        var (page, next) = InMemoryPages.After(visible, n => n.Id, after, limit);
        return Task.FromResult(new NotificationPage(page.Select(n => n.ToView()).ToList(), next));
    }

    public async Task<NotificationView> MarkReadAsync(string notificationId)
    {
        var notification = inbox.State.Notifications.FirstOrDefault(n => string.Equals(n.Id, notificationId, StringComparison.Ordinal))
            ?? throw new NotFoundException("Notification not found.");
        if (notification.ReadAt is not null)
        {
            return notification.ToView();
        }

        var read = notification with { ReadAt = time.GetUtcNow() };
        Replace(n => ReferenceEquals(n, notification), _ => read);
        await inbox.WriteStateAsync();
        return read.ToView();
    }

    public async Task<int> MarkAllReadAsync()
    {
        var unread = inbox.State.Notifications.Count(n => n.ReadAt is null);
        if (unread > 0)
        {
            var now = time.GetUtcNow();
            Replace(n => n.ReadAt is null, n => n with { ReadAt = now });
            await inbox.WriteStateAsync();
        }

        return unread;
    }

    public Task<NotificationPreferences> GetPreferencesAsync() => Task.FromResult(Preferences());

    public async Task<NotificationPreferences> SetPreferencesAsync(NotificationPreferencesChange change)
    {
        ArgumentNullException.ThrowIfNull(change);
        var unknown = change.Categories.Keys.Where(c => !NotificationCategories.WithPreferences.Contains(c, StringComparer.Ordinal)).ToList();
        if (unknown.Count > 0)
        {
            throw new InvalidInputException($"Unknown categories: {string.Join(", ", unknown)}; categories are {string.Join(", ", NotificationCategories.WithPreferences)}.");
        }

        if (change.Categories.TryGetValue(NotificationCategories.Security, out var security) && !security.Email)
        {
            throw new InvalidInputException("Security emails cannot be turned off.");
        }

        var phone = change.PhoneNumber switch
        {
            null => inbox.State.PhoneNumber,
            "" => null,
            var number when PhoneNumberPattern().IsMatch(number) => number,
            _ => throw new InvalidInputException("phone_number must be in E.164 form, e.g. +14155550123."),
        };
        var preferences = new Dictionary<string, ChannelPreference>(inbox.State.Preferences, StringComparer.Ordinal);
        foreach (var (category, preference) in change.Categories)
        {
            preferences[category] = preference;
        }

        inbox.State = inbox.State with { Preferences = preferences, PhoneNumber = phone };
        await inbox.WriteStateAsync();
        return Preferences();
    }

    public async Task ReceiveReminder(string reminderName, TickStatus status)
    {
        if (reminderName != DeliveryReminder)
        {
            await this.DisarmAsync(reminderName);
            return;
        }

        if (!_delivering.IsCompleted)
        {
            // The running batch schedules what is due when it ends.
            return;
        }

        await RecordOutcomesAsync();
        var now = time.GetUtcNow();
        var due = inbox.State.Notifications
            .Where(n => n.Status == NotificationStatuses.Queued && !n.InFlight && n.NextAttemptAt <= now)
            .OrderBy(n => n.CreatedAt)
            .ToList();
        if (due.Count == 0)
        {
            await ScheduleAsync();
            return;
        }

        // Recorded before the attempts: if the silo dies during them, the activation that follows knows.
        var ids = due.Select(n => n.Id).ToHashSet(StringComparer.Ordinal);
        var before = inbox.State;
        Replace(n => ids.Contains(n.Id), n => n with { InFlight = true, Attempts = n.Attempts + 1 });
        try
        {
            await inbox.WriteStateAsync();
        }
        catch
        {
            inbox.State = before;
            throw;
        }

        _delivering = DeliverAsync(inbox.State.Notifications.Where(n => ids.Contains(n.Id)).ToList());
    }

    private async Task DeliverAsync(IReadOnlyList<StoredNotification> attempts)
    {
        await Task.Yield();
        foreach (var attempt in attempts)
        {
            DeliveryOutcome outcome;
            try
            {
                outcome = attempt.Channel == NotificationChannels.Email
                    ? await email.SendAsync(new OutgoingEmail(attempt.Id, attempt.Address!, attempt.Subject, attempt.Body, attempt.Html ?? ""), CancellationToken.None)
                    : await sms.SendAsync(attempt.Id, attempt.Address!, SmsText(attempt), CancellationToken.None);
            }
            catch (Exception exception) when (exception is not OutOfMemoryException)
            {
                outcome = DeliveryOutcome.GiveUp($"The delivery failed unexpectedly ({exception.Message}); it is not sent again.");
            }

            _outcomes.Enqueue((attempt.Id, outcome));
        }

        // Back on the activation: a timer turn records the outcomes and schedules what comes next.
        _outcomeTimer?.Dispose();
        _outcomeTimer = this.RegisterGrainTimer(OnOutcomesAsync, TimeSpan.Zero, Timeout.InfiniteTimeSpan);
    }

    private async Task OnOutcomesAsync(CancellationToken cancellationToken)
    {
        _outcomeTimer?.Dispose();
        _outcomeTimer = null;
        await RecordOutcomesAsync();
        await ScheduleAsync();
    }

    /// <summary>Records the outcomes of finished attempts: sent, retried later with backoff, or failed.</summary>
    private async Task RecordOutcomesAsync()
    {
        if (_outcomes.IsEmpty)
        {
            return;
        }

        var settings = options.Value;
        var now = time.GetUtcNow();
        var taken = new List<(string Id, DeliveryOutcome Outcome)>();
        while (_outcomes.TryDequeue(out var finished))
        {
            taken.Add(finished);
        }

        var before = inbox.State;
        foreach (var (id, outcome) in taken)
        {
            Replace(n => n.Id == id, attempt =>
            {
                var ended = outcome.Result switch
                {
                    DeliveryResult.Sent => attempt with { Status = NotificationStatuses.Sent, Error = null, NextAttemptAt = null },
                    DeliveryResult.Retry when attempt.Attempts < settings.MaxAttempts => attempt with
                    {
                        Error = outcome.Error,
                        NextAttemptAt = now + RetryDelay(attempt.Attempts, settings),
                    },
                    _ => attempt with { Status = NotificationStatuses.Failed, Error = outcome.Error, NextAttemptAt = null },
                };
                LogAttempt(logger, attempt.Id, attempt.Channel, attempt.Attempts, ended.Status, outcome.Error);
                metrics.Attempted(attempt.Channel, outcome.Result == DeliveryResult.Sent ? "sent" : ended.Status == NotificationStatuses.Failed ? "failed" : "retry");
                return (ended with { InFlight = false }).ForgetSecretWhenSettled();
            });
        }

        try
        {
            await inbox.WriteStateAsync();
        }
        catch
        {
            // Kept for the next turn to record again: an outcome is never lost while the activation lives.
            inbox.State = before;
            foreach (var finished in taken)
            {
                _outcomes.Enqueue(finished);
            }

            throw;
        }
    }

    private static TimeSpan RetryDelay(int attempts, NotificationOptions settings)
    {
        var delay = settings.RetryBaseDelay * Math.Pow(2, Math.Min(attempts - 1, 20));
        return delay < settings.MaxRetryDelay ? delay : settings.MaxRetryDelay;
    }

    private static string SmsText(StoredNotification notification)
    {
        var text = $"{notification.Subject}\n{notification.Body}".Trim();
        return text.Length <= 1600 ? text : text[..1597] + "...";
    }

    private async Task<StoredNotification> CreateAsync(
        string category, string channel, string subject, string body, IReadOnlyDictionary<string, string> values, string? organizationId, string emailAddress)
    {
        var now = time.GetUtcNow();
        var renderedSubject = TemplateText.Render(subject, values, html: false).ReplaceLineEndings(" ");
        var renderedBody = TemplateText.Render(body, values, html: false);
        var notification = new StoredNotification
        {
            Id = Guid.CreateVersion7(now).ToString("N"),
            Category = category,
            Channel = channel,
            Subject = renderedSubject,
            Body = renderedBody,
            CreatedAt = now,
        };
        return channel switch
        {
            NotificationChannels.InApp => notification with { Status = NotificationStatuses.Sent },
            NotificationChannels.Email => notification with
            {
                Address = emailAddress,
                Html = await composer.HtmlAsync(organizationId, renderedSubject, TemplateText.Render(body, values, html: true)),
                NextAttemptAt = now,
            },
            _ => notification with { Address = inbox.State.PhoneNumber, NextAttemptAt = now },
        };
    }

    private async Task StoreAsync(IReadOnlyList<StoredNotification> created)
    {
        if (created.Count == 0)
        {
            return;
        }

        var kept = options.Value.KeptPerUser;
        var all = created.Reverse().Concat(inbox.State.Notifications).ToList();
        if (all.Count > kept)
        {
            // The oldest notifications that are read and done go first; queued deliveries are never dropped.
            var removable = all.Where(n => n.Status != NotificationStatuses.Queued).OrderBy(n => n.ReadAt is null).ThenBy(n => n.CreatedAt).Take(all.Count - kept).ToHashSet();
            all = all.Where(n => !removable.Contains(n)).ToList();
        }

        inbox.State = inbox.State with { Notifications = all };
        await inbox.WriteStateAsync();
        if (created.Any(n => n.Status == NotificationStatuses.Queued))
        {
            await ScheduleAsync();
        }
    }

    /// <summary>Arms the delivery reminder for the next queued attempt, or removes it when nothing waits.</summary>
    private async Task ScheduleAsync()
    {
        var next = inbox.State.Notifications
            .Where(n => n.Status == NotificationStatuses.Queued && !n.InFlight && n.NextAttemptAt is not null)
            .Select(n => n.NextAttemptAt!.Value)
            .DefaultIfEmpty()
            .Min();
        if (next == default)
        {
            await this.DisarmAsync(DeliveryReminder);
        }
        else
        {
            await this.ArmAsync(DeliveryReminder, next - time.GetUtcNow());
        }
    }

    private async Task<(string Subject, string Body)> TemplateOfAsync(string? organizationId, string key)
    {
        if (organizationId is null)
        {
            var builtIn = NotificationTemplateCatalog.Find(key)!;
            return (builtIn.Subject, builtIn.Body);
        }

        var template = await GrainFactory.GetGrain<INotificationTemplatesGrain>(organizationId).GetAsync(key);
        return (template.Subject, template.Body);
    }

    private async Task<IReadOnlyDictionary<string, string>> ValuesAsync(UserInfo user, string? organizationId, IReadOnlyDictionary<string, string> data)
    {
        var values = new Dictionary<string, string>(data, StringComparer.Ordinal)
        {
            ["full_name"] = user.FullName,
            ["email"] = user.Email,
        };
        if (!values.ContainsKey("organization_name") && organizationId is not null)
        {
            values["organization_name"] = (await GrainFactory.GetGrain<IOrganizationGrain>(organizationId).GetAsync()).Name;
        }

        return values;
    }

    private ChannelPreference PreferenceOf(string category) => inbox.State.Preferences.GetValueOrDefault(category, _defaultPreference);

    private NotificationPreferences Preferences() => new(
        NotificationCategories.WithPreferences.ToDictionary(c => c, PreferenceOf, StringComparer.Ordinal),
        inbox.State.PhoneNumber);

    private void Replace(Func<StoredNotification, bool> match, Func<StoredNotification, StoredNotification> change) =>
        inbox.State = inbox.State with { Notifications = inbox.State.Notifications.Select(n => match(n) ? change(n) : n).ToList() };

    [GeneratedRegex(@"^\+[1-9][0-9]{6,14}$")]
    private static partial Regex PhoneNumberPattern();

    [LoggerMessage(Level = LogLevel.Information, Message = "Notification {NotificationId} ({Channel}) attempt {Attempt}: {Status} {Error}")]
    private static partial void LogAttempt(ILogger logger, string notificationId, string channel, int attempt, string status, string? error);
}
