using VetrAI.Grains.Abstractions.Notifications;

namespace VetrAI.Grains.Notifications;

/// <summary>A built-in template: its key, category, the placeholders it may use, and its default text. One that
/// <paramref name="CarriesSecret"/> (a single-use link) goes by email only, and its text is dropped once sent.</summary>
internal sealed record BuiltInTemplate(
    string Key, string Category, IReadOnlyList<string> Variables, string Subject, string Body, bool CarriesSecret = false);

/// <summary>The templates of API.md, with defaults an organization may override. Every template may also use the
/// recipient's <c>full_name</c> and <c>email</c> and the <c>organization_name</c>.</summary>
internal static class NotificationTemplateCatalog
{
    public static readonly IReadOnlyList<string> CommonVariables = ["full_name", "email", "organization_name"];

    private static readonly BuiltInTemplate[] _all =
    [
        new("user.invited", NotificationCategories.Security, ["invitation_url", "token", "expires_at", "api_url"],
            "You are invited to {{organization_name}} on VetrAI",
            """
            Hello {{full_name}},

            You have been invited to join {{organization_name}} on VetrAI.
            Set your password here: {{invitation_url}}

            Or call the API directly:
            POST {{api_url}}/api/v1/invitations/accept
            {"token": "{{token}}", "password": "<your new password>"}

            This invitation expires at {{expires_at}}.
            """,
            CarriesSecret: true),
        new("password.reset", NotificationCategories.Security, ["reset_url", "token", "expires_at"],
            "Reset your VetrAI password",
            """
            Hello {{full_name}},

            Someone asked to reset the password of {{email}}. If it was you, set a new one here: {{reset_url}}
            (token {{token}}, valid until {{expires_at}}). If it was not you, ignore this email: nothing changes.
            """,
            CarriesSecret: true),
        new("email.verify", NotificationCategories.Security, ["verify_url", "token", "expires_at"],
            "Verify your email address",
            """
            Hello {{full_name}},

            Confirm that {{email}} is yours: {{verify_url}}
            (token {{token}}, valid until {{expires_at}}).
            """,
            CarriesSecret: true),
        new("security.lockout", NotificationCategories.Security, ["locked_until", "ip"],
            "Sign-in to VetrAI paused after failed attempts",
            """
            Hello {{full_name}},

            There were too many failed sign-in attempts on {{email}} (last from {{ip}}). Signing in is paused until
            {{locked_until}}. If this was not you, change your password once the pause ends.
            """),
        new("ticket.assigned", NotificationCategories.Tickets, ["ticket_id", "ticket_subject", "priority", "assigned_by"],
            "Ticket assigned to you: {{ticket_subject}}",
            """
            Hello {{full_name}},

            {{assigned_by}} assigned ticket {{ticket_id}} ({{priority}} priority) to you: {{ticket_subject}}
            """),
        new("ticket.commented", NotificationCategories.Tickets, ["ticket_id", "ticket_subject", "comment_author", "comment"],
            "New comment on {{ticket_subject}}",
            """
            Hello {{full_name}},

            {{comment_author}} commented on ticket {{ticket_id}} ({{ticket_subject}}):

            {{comment}}
            """),
        new("ticket.sla_breached", NotificationCategories.Tickets, ["ticket_id", "ticket_subject", "sla", "due_at"],
            "SLA missed: {{ticket_subject}}",
            """
            Hello {{full_name}},

            Ticket {{ticket_id}} ({{ticket_subject}}) missed its {{sla}} target, due at {{due_at}}.
            """),
        new("job.failed", NotificationCategories.Jobs, ["job_id", "job_type", "attempts", "error"],
            "Job {{job_type}} failed",
            """
            Hello {{full_name}},

            Job {{job_id}} ({{job_type}}) failed for good after {{attempts}} attempts: {{error}}
            """),
        new("billing.payment_failed", NotificationCategories.Billing, ["invoice_number", "amount_due", "currency", "invoice_url"],
            "Payment failed for {{organization_name}}",
            """
            Hello {{full_name}},

            The payment of invoice {{invoice_number}} ({{amount_due}} {{currency}}) for {{organization_name}} failed.
            Pay it here to keep the plan: {{invoice_url}}
            """),
        new("api_key.credits_low", NotificationCategories.ApiKeys, ["key_name", "key_prefix", "credits_remaining", "credits_total"],
            "API key {{key_name}} is running out of credits",
            """
            Hello {{full_name}},

            API key {{key_name}} ({{key_prefix}}...) has {{credits_remaining}} of {{credits_total}} credits left.
            """),
    ];

    private static readonly Dictionary<string, BuiltInTemplate> _byKey = _all.ToDictionary(t => t.Key, StringComparer.Ordinal);

    public static IReadOnlyList<BuiltInTemplate> All => _all;

    public static BuiltInTemplate? Find(string? key) => key is not null && _byKey.TryGetValue(key, out var template) ? template : null;

    /// <summary>Every placeholder <paramref name="template"/> may use.</summary>
    public static IReadOnlyList<string> VariablesOf(BuiltInTemplate template) => [.. CommonVariables, .. template.Variables];
}
