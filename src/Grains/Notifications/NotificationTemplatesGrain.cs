using VetrAI.Grains.Abstractions.Audit;
using VetrAI.Grains.Abstractions.Errors;
using VetrAI.Grains.Abstractions.Notifications;
using VetrAI.Grains.Audit;

namespace VetrAI.Grains.Notifications;

/// <summary>The stored overrides of an organization's templates, by key.</summary>
internal sealed record NotificationTemplatesState
{
    public Dictionary<string, TemplateOverride> Overrides { get; init; } = new(StringComparer.Ordinal);
}

/// <summary>An organization's own text for a template.</summary>
internal sealed record TemplateOverride(string Subject, string Body, DateTimeOffset UpdatedAt);

internal sealed class NotificationTemplatesGrain(
    [PersistentState("notificationtemplates")] IPersistentState<NotificationTemplatesState> templates,
    IAuditLog auditLog,
    TimeProvider time) : Grain, INotificationTemplatesGrain
{
    public Task<IReadOnlyList<NotificationTemplateView>> ListAsync() =>
        Task.FromResult<IReadOnlyList<NotificationTemplateView>>(NotificationTemplateCatalog.All.Select(View).ToList());

    public Task<NotificationTemplateView> GetAsync(string key) => Task.FromResult(View(BuiltIn(key)));

    public async Task<NotificationTemplateView> SetAsync(string key, string subject, string body, ActorContext actor)
    {
        var template = BuiltIn(key);
        var allowed = NotificationTemplateCatalog.VariablesOf(template);
        var why = new[]
            {
                TemplateText.WhyInvalid("subject", subject ?? "", allowed, TemplateText.MaxSubjectLength),
                TemplateText.WhyInvalid("body", body ?? "", allowed, TemplateText.MaxBodyLength),
            }
            .Where(message => message is not null)
            .ToList();
        if ((subject ?? "").Contains('\n', StringComparison.Ordinal))
        {
            why.Add("subject must be one line.");
        }

        if (why.Count > 0)
        {
            throw new InvalidInputException(string.Join(" ", why));
        }

        var overrides = new Dictionary<string, TemplateOverride>(templates.State.Overrides, StringComparer.Ordinal)
        {
            [key] = new TemplateOverride(subject!, body!, time.GetUtcNow()),
        };
        templates.State = templates.State with { Overrides = overrides };
        await templates.WriteStateAsync();
        await auditLog.WriteAsync(new AuditEntry(
            this.GetPrimaryKeyString(), "notification.template_changed", $"notification_template:{key}", actor, new Dictionary<string, string?> { ["key"] = key }));
        return View(template);
    }

    private static BuiltInTemplate BuiltIn(string key) =>
        NotificationTemplateCatalog.Find(key) ?? throw new NotFoundException("No notification template has this key.");

    private NotificationTemplateView View(BuiltInTemplate template) =>
        templates.State.Overrides.TryGetValue(template.Key, out var own)
            ? new(template.Key, template.Category, own.Subject, own.Body, NotificationTemplateCatalog.VariablesOf(template), true)
            : new(template.Key, template.Category, template.Subject, template.Body, NotificationTemplateCatalog.VariablesOf(template), false);
}
