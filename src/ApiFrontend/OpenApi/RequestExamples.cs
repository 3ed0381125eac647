using System.Text.Json.Nodes;
using VetrAI.ApiFrontend.ApiKeys;
using VetrAI.ApiFrontend.Auth;
using VetrAI.ApiFrontend.Billing;
using VetrAI.ApiFrontend.Jobs;
using VetrAI.ApiFrontend.Notifications;
using VetrAI.ApiFrontend.Organizations;
using VetrAI.ApiFrontend.Privacy;
using VetrAI.ApiFrontend.Themes;
using VetrAI.ApiFrontend.Tickets;
using VetrAI.ApiFrontend.Users;

namespace VetrAI.ApiFrontend.OpenApi;

/// <summary>One realistic body per JSON request type, shown to integrators (and checked by the linter against the
/// schema). A new request type without an example fails the OpenAPI tests.</summary>
internal static class RequestExamples
{
    private static readonly Dictionary<Type, string> _examples = new()
    {
        [typeof(RegisterRequest)] = """{"email": "ada@example.com", "password": "correct-horse-42", "full_name": "Ada Lovelace", "organization_name": "Analytical Engines"}""",
        [typeof(LoginRequest)] = """{"email": "ada@example.com", "password": "correct-horse-42"}""",
        [typeof(RefreshRequest)] = """{"refresh_token": "rt_4f9d2c7e1b"}""",
        [typeof(LogoutRequest)] = """{"refresh_token": "rt_4f9d2c7e1b"}""",
        [typeof(ChangePasswordRequest)] = """{"current_password": "correct-horse-42", "new_password": "battery-staple-43"}""",
        [typeof(ForgotPasswordRequest)] = """{"email": "ada@example.com"}""",
        [typeof(ResetPasswordRequest)] = """{"token": "0197c1a2b3c4.q2xWm9Z0pLr8sKd7YtNfA", "new_password": "battery-staple-43"}""",
        [typeof(VerifyEmailRequest)] = """{"token": "0197c1a2b3c4.Hk3vT8nQe1LwZp0sYc5R"}""",
        [typeof(EnableTotpRequest)] = """{"code": "492039"}""",
        [typeof(DisableTotpRequest)] = """{"password": "correct-horse-42", "code": "492039"}""",
        [typeof(MfaLoginRequest)] = """{"mfa_token": "YWRhQGV4YW1wbGUuY29t.Zq8rT1vX0bN5mKd2", "code": "492039"}""",
        [typeof(AcceptInvitationRequest)] = """{"token": "inv_8c1e5a", "password": "correct-horse-42"}""",
        [typeof(CreateOrganizationRequest)] = """{"name": "Analytical Engines", "slug": "analytical-engines", "plan": "pro"}""",
        [typeof(UpdateOrganizationRequest)] = """{"name": "Analytical Engines Ltd", "plan": "enterprise", "limits": {"rate_limit_per_minute": 600, "monthly_requests": 1000000, "max_keys": 50, "max_users": 100}}""",
        [typeof(CreateUserRequest)] = """{"email": "grace@example.com", "full_name": "Grace Hopper", "roles": ["user"]}""",
        [typeof(UpdateUserRequest)] = """{"roles": ["user", "billing_admin"], "active": true, "full_name": "Grace B. Hopper"}""",
        [typeof(CreateKeyRequest)] = """{"name": "CI pipeline", "scopes": ["reports:read"], "expires_at": "2027-01-01T00:00:00Z", "rate_limit": {"limit": 100, "window_seconds": 60}, "credits": {"remaining": 10000, "refill": {"interval": "monthly", "amount": 10000}}, "metadata": {"team": "platform"}}""",
        [typeof(UpdateKeyRequest)] = """{"enabled": false}""",
        [typeof(RollKeyRequest)] = """{"grace_seconds": 3600}""",
        [typeof(ValidateKeyRequest)] = """{"key": "vetrai_3q2xWm9Z0pLr8sKd7YtNfA", "scope": "reports:read", "cost": 1}""",
        [typeof(CreateTicketRequest)] = """{"subject": "Exports time out", "description": "The monthly usage export has failed since Monday.", "priority": "high"}""",
        [typeof(UpdateTicketRequest)] = """{"status": "pending", "priority": "urgent", "assignee_id": "usr_7b1c", "subject": "Exports time out (EU)"}""",
        [typeof(AddCommentRequest)] = """{"body": "We are looking into it.", "internal": false}""",
        [typeof(SlaPolicyRequest)] = """{"low": {"first_response_seconds": 86400, "resolution_seconds": 604800}, "normal": {"first_response_seconds": 28800, "resolution_seconds": 259200}, "high": {"first_response_seconds": 3600, "resolution_seconds": 86400}, "urgent": {"first_response_seconds": 900, "resolution_seconds": 14400}}""",
        [typeof(CreateJobRequest)] = """{"type": "webhook", "payload": {"url": "https://hooks.example.com/vetrai", "body": {"event": "report.ready"}}, "max_attempts": 5, "timeout_seconds": 30}""",
        [typeof(CheckoutRequest)] = """{"plan": "pro", "success_url": "https://app.example.com/billing/done", "cancel_url": "https://app.example.com/billing"}""",
        [typeof(PortalRequest)] = """{"return_url": "https://app.example.com/billing"}""",
        [typeof(CreateSubscriptionRequest)] = """{"plan": "pro", "trial_days": 14}""",
        [typeof(ChangePlanRequest)] = """{"plan": "enterprise"}""",
        [typeof(SendNotificationRequest)] = """{"user_id": "usr_7b1c", "channel": "email", "subject": "Maintenance tonight", "body": "VetrAI is read-only from 22:00 to 22:30 UTC."}""",
        [typeof(PreferencesRequest)] = """{"categories": {"tickets": {"email": true, "in_app": true, "sms": false}, "billing": {"email": true, "in_app": true, "sms": false}}}""",
        [typeof(TemplateRequest)] = """{"subject": "Welcome to {{organization_name}}", "body": "Hello {{full_name}}, set your password: {{link}}"}""",
        [typeof(CreateThemeRequest)] = """{"name": "Night", "colors": {"primary": "#3366ff", "secondary": "#223", "background": "#101018", "text": "#eeeeee"}, "custom_css": ".header { letter-spacing: 0.02em; }"}""",
        [typeof(UpdateThemeRequest)] = """{"name": "Night (high contrast)", "colors": {"primary": "#5588ff", "secondary": "#334", "background": "#000000", "text": "#ffffff"}}""",
        [typeof(EraseAccountRequest)] = """{"password": "correct-horse-42"}""",
        // Stripe's webhook body: an event, verified by its Stripe-Signature header.
        [typeof(object)] = """{"id": "evt_1Q2w3E", "type": "invoice.paid", "created": 1767225600, "data": {"object": {"id": "in_1Q2w3E", "customer": "cus_9z8Y", "status": "paid"}}}""",
    };

    /// <summary>A fresh example body for <paramref name="requestType"/>, or null when it has none.</summary>
    public static JsonNode? For(Type requestType)
        => _examples.TryGetValue(requestType, out var json) ? JsonNode.Parse(json) : null;
}
