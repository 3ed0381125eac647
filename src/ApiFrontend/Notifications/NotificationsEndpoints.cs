using System.Text.Json;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc;
using VetrAI.ApiFrontend.Auth;
using VetrAI.ApiFrontend.Paging;
using VetrAI.ApiFrontend.Validation;
using VetrAI.Grains.Abstractions.Auth;
using VetrAI.Grains.Abstractions.Errors;
using VetrAI.Grains.Abstractions.Notifications;
using VetrAI.Grains.Abstractions.Users;

namespace VetrAI.ApiFrontend.Notifications;

/// <summary>The caller's notifications and preferences, and the organization's templates. Every signed-in user
/// has an inbox; org admins send notifications and change templates.</summary>
internal static class NotificationsEndpoints
{
    public static IEndpointRouteBuilder MapNotificationsEndpoints(this IEndpointRouteBuilder routes)
    {
        var mine = routes.MapGroup("/api/v1/notifications").WithTags("Notifications").RequireCaller();
        mine.MapGet("/", ListAsync).WithName("ListNotifications").WithSummary("The caller's notifications, newest first (?unread=true; paginated).");
        mine.MapPut("/{id}/read", MarkReadAsync).WithName("MarkNotificationRead").WithSummary("Mark one notification read.");
        mine.MapPost("/read-all", MarkAllReadAsync).WithName("MarkAllNotificationsRead").WithSummary("Mark every notification read.");
        mine.MapGet("/preferences", GetPreferencesAsync).WithName("GetNotificationPreferences")
            .WithSummary("Channels per category (email, in_app, sms) and the phone number SMS go to.");
        mine.MapPut("/preferences", SetPreferencesAsync).WithName("SetNotificationPreferences")
            .WithSummary("Change the channels of some categories; security email cannot be turned off.");

        var admin = routes.MapGroup("/api/v1/notifications").WithTags("Notifications").RequireRoles(Roles.OrgAdmin);
        admin.MapPost("/send", SendAsync).WithName("SendNotification")
            .WithSummary("Send a member one notification on one channel, from a template or a subject and body.");
        admin.MapGet("/templates", ListTemplatesAsync).WithName("ListNotificationTemplates")
            .WithSummary("Every template key with the organization's text and its placeholders.");
        admin.MapPut("/templates/{key}", SetTemplateAsync).WithName("SetNotificationTemplate")
            .WithSummary("Override a template; a placeholder the key does not know is refused (400).");
        return routes;
    }

    private static async Task<Ok<Page<NotificationView>>> ListAsync(Caller caller, IGrainFactory grains, string? unread, string? limit, string? cursor)
    {
        var page = PageRequest.Parse(limit, cursor);
        var unreadOnly = unread switch
        {
            null or "false" => false,
            "true" => true,
            _ => throw new InvalidInputException("unread must be true or false."),
        };
        var list = await Inbox(grains, caller).ListAsync(unreadOnly, page.Limit, page.After?.Id);
        return TypedResults.Ok(Page<NotificationView>.From(list.Items, list.NextAfter is not null, item => new Cursor(item.CreatedAt, item.Id)));
    }

    private static async Task<Ok<NotificationView>> MarkReadAsync(string id, Caller caller, IGrainFactory grains) =>
        TypedResults.Ok(await Inbox(grains, caller).MarkReadAsync(id));

    private static async Task<Ok<MarkedRead>> MarkAllReadAsync(Caller caller, IGrainFactory grains) =>
        TypedResults.Ok(new MarkedRead(await Inbox(grains, caller).MarkAllReadAsync()));

    private static async Task<Ok<NotificationPreferences>> GetPreferencesAsync(Caller caller, IGrainFactory grains) =>
        TypedResults.Ok(await Inbox(grains, caller).GetPreferencesAsync());

    private static async Task<Ok<NotificationPreferences>> SetPreferencesAsync(PreferencesRequest? request, Caller caller, IGrainFactory grains)
    {
        var change = RequestValidator.RequireBody(request).Validate();
        return TypedResults.Ok(await Inbox(grains, caller).SetPreferencesAsync(change));
    }

    private static async Task<Accepted<NotificationView>> SendAsync(
        SendNotificationRequest? request, Caller caller, IGrainFactory grains, [FromQuery(Name = "organization_id")] string? organizationId)
    {
        var input = RequestValidator.RequireBody(request).Validate();
        var organization = caller.ResolveOrganizationId(organizationId);
        UserInfo recipient;
        try
        {
            recipient = await grains.GetGrain<IUserGrain>(input.UserId!).GetAsync();
        }
        catch (NotFoundException)
        {
            throw new NotFoundException("User not found.");
        }

        if (!string.Equals(recipient.OrganizationId, organization, StringComparison.Ordinal))
        {
            throw new NotFoundException("User not found.");
        }

        var sent = await grains.GetGrain<INotificationInboxGrain>(recipient.Id).SendAsync(new SendNotificationCommand(
            organization, input.Channel!, input.Template, input.Subject, input.Body, input.Values(), caller.Actor));
        return TypedResults.Accepted($"/api/v1/notifications/{sent.Id}", sent);
    }

    private static async Task<Ok<Page<NotificationTemplateView>>> ListTemplatesAsync(
        Caller caller, IGrainFactory grains, [FromQuery(Name = "organization_id")] string? organizationId)
    {
        var templates = await grains.GetGrain<INotificationTemplatesGrain>(caller.ResolveOrganizationId(organizationId)).ListAsync();
        return TypedResults.Ok(new Page<NotificationTemplateView>(templates, null));
    }

    private static async Task<Ok<NotificationTemplateView>> SetTemplateAsync(
        string key, TemplateRequest? request, Caller caller, IGrainFactory grains, [FromQuery(Name = "organization_id")] string? organizationId)
    {
        var input = RequestValidator.RequireBody(request).Validate();
        var templates = grains.GetGrain<INotificationTemplatesGrain>(caller.ResolveOrganizationId(organizationId));
        return TypedResults.Ok(await templates.SetAsync(key, input.Subject!, input.Body!, caller.Actor));
    }

    private static INotificationInboxGrain Inbox(IGrainFactory grains, Caller caller) => grains.GetGrain<INotificationInboxGrain>(caller.UserId);
}

/// <summary>The answer of <c>POST /notifications/read-all</c>.</summary>
public sealed record MarkedRead(int Marked);

/// <summary><c>PUT /notifications/preferences</c>.</summary>
public sealed record PreferencesRequest(Dictionary<string, ChannelPreferenceRequest?>? Categories, string? PhoneNumber)
{
    public NotificationPreferencesChange Validate()
    {
        var v = new RequestValidator();
        var categories = new Dictionary<string, ChannelPreference>(StringComparer.Ordinal);
        v.Check(Categories is not null || PhoneNumber is not null, "Give categories, phone_number or both.");
        foreach (var (category, preference) in Categories ?? [])
        {
            if (!NotificationCategories.WithPreferences.Contains(category, StringComparer.Ordinal))
            {
                v.Add($"Unknown category '{Printable(category)}'; categories are {string.Join(", ", NotificationCategories.WithPreferences)}.");
            }
            else if (preference is null || preference.Email is null || preference.InApp is null || preference.Sms is null)
            {
                v.Add($"categories.{category} needs email, in_app and sms, each true or false.");
            }
            else
            {
                categories[category] = new ChannelPreference(preference.Email.Value, preference.InApp.Value, preference.Sms.Value);
            }
        }

        v.Check(PhoneNumber is null || PhoneNumber.Length <= 32, "phone_number must be in E.164 form, e.g. +14155550123.");
        v.ThrowIfInvalid();
        return new NotificationPreferencesChange(categories, PhoneNumber);
    }

    private static string Printable(string text) => new(text.Take(40).Where(c => !char.IsControl(c)).ToArray());
}

/// <summary>One category's channels in <c>PUT /notifications/preferences</c>.</summary>
public sealed record ChannelPreferenceRequest(bool? Email, bool? InApp, bool? Sms);

/// <summary><c>POST /notifications/send</c>.</summary>
public sealed record SendNotificationRequest(string? UserId, string? Channel, string? Template, string? Subject, string? Body, JsonElement? Data)
{
    private const int MaxDataValues = 50;
    private const int MaxValueLength = 2_000;

    public SendNotificationRequest Validate()
    {
        var v = new RequestValidator();
        v.Required(UserId, "user_id");
        v.Check(UserId is null || (UserId.Length <= 64 && !UserId.Any(char.IsControl)), "user_id is not a user id.");
        if (!string.IsNullOrWhiteSpace(v.Required(Channel, "channel")))
        {
            v.Check(NotificationChannels.All.Contains(Channel, StringComparer.Ordinal), $"channel must be one of: {string.Join(", ", NotificationChannels.All)}.");
        }

        if (Template is null)
        {
            v.Required(Subject, "subject (or a template)");
            v.Required(Body, "body (or a template)");
        }
        else
        {
            v.Check(Subject is null && Body is null, "Give a template or a subject and body, not both.");
        }

        if (Data is { } data)
        {
            if (data.ValueKind != JsonValueKind.Object)
            {
                v.Add("data must be an object of strings and numbers.");
            }
            else
            {
                var properties = data.EnumerateObject().ToList();
                v.Check(properties.Count <= MaxDataValues, $"data may hold at most {MaxDataValues} values.");
                v.Check(properties.Select(p => p.Name).Distinct(StringComparer.Ordinal).Count() == properties.Count, "data names a value twice.");
                v.Check(
                    properties.All(p => p.Value.ValueKind is JsonValueKind.String or JsonValueKind.Number or JsonValueKind.True or JsonValueKind.False
                        && p.Value.ToString().Length <= MaxValueLength && p.Name.Length <= 64),
                    $"data values must be strings, numbers or booleans of at most {MaxValueLength} characters.");
            }
        }

        v.ThrowIfInvalid();
        return this;
    }

    /// <summary>The data as text values.</summary>
    public IReadOnlyDictionary<string, string> Values() =>
        Data is { ValueKind: JsonValueKind.Object } data
            ? data.EnumerateObject().ToDictionary(p => p.Name, p => p.Value.ValueKind == JsonValueKind.String ? p.Value.GetString()! : p.Value.GetRawText(), StringComparer.Ordinal)
            : new Dictionary<string, string>(StringComparer.Ordinal);
}

/// <summary><c>PUT /notifications/templates/{key}</c>.</summary>
public sealed record TemplateRequest(string? Subject, string? Body)
{
    public TemplateRequest Validate()
    {
        var v = new RequestValidator();
        v.Required(Subject, "subject");
        v.Required(Body, "body");
        v.ThrowIfInvalid();
        return this;
    }
}
