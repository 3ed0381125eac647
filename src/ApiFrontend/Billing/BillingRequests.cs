using VetrAI.ApiFrontend.Validation;
using VetrAI.Grains.Abstractions.Organizations;

namespace VetrAI.ApiFrontend.Billing;

/// <summary>Checks shared by the billing requests.</summary>
internal static class BillingInput
{
    private const int MaxUrlLength = 2048;

    /// <summary>The paid plans a subscription can be for.</summary>
    public static readonly string[] PaidPlans = [OrganizationPlans.Pro, OrganizationPlans.Enterprise];

    public static void Plan(RequestValidator v, string? plan)
    {
        if (!string.IsNullOrWhiteSpace(v.Required(plan, "plan")))
        {
            v.Check(PaidPlans.Contains(plan, StringComparer.Ordinal),
                $"plan must be one of: {string.Join(", ", PaidPlans)} (cancel the subscription to return to free).");
        }
    }

    /// <summary>An absolute http(s) URL Stripe will send the user to.</summary>
    public static void Url(RequestValidator v, string? url, string field)
    {
        if (string.IsNullOrWhiteSpace(v.Required(url, field)))
        {
            return;
        }

        v.Check(
            url!.Length <= MaxUrlLength
                && !url.AsSpan().ContainsAnyInRange('\u0000', '\u001f')
                && Uri.TryCreate(url, UriKind.Absolute, out var parsed)
                && parsed.Scheme is "http" or "https",
            $"{field} must be an absolute http or https URL of at most {MaxUrlLength} characters.");
    }
}

/// <summary><c>POST /billing/checkout</c>.</summary>
public sealed record CheckoutRequest(string? Plan, string? SuccessUrl, string? CancelUrl)
{
    public CheckoutRequest Validate()
    {
        var v = new RequestValidator();
        BillingInput.Plan(v, Plan);
        BillingInput.Url(v, SuccessUrl, "success_url");
        BillingInput.Url(v, CancelUrl, "cancel_url");
        v.ThrowIfInvalid();
        return this;
    }
}

/// <summary><c>POST /billing/portal</c>.</summary>
public sealed record PortalRequest(string? ReturnUrl)
{
    public PortalRequest Validate()
    {
        var v = new RequestValidator();
        BillingInput.Url(v, ReturnUrl, "return_url");
        v.ThrowIfInvalid();
        return this;
    }
}

/// <summary><c>POST /subscriptions</c>.</summary>
public sealed record CreateSubscriptionRequest(string? Plan, int? TrialDays)
{
    /// <summary>Stripe's longest trial.</summary>
    public const int MaxTrialDays = 730;

    public CreateSubscriptionRequest Validate()
    {
        var v = new RequestValidator();
        BillingInput.Plan(v, Plan);
        v.Check(TrialDays is null or (>= 1 and <= MaxTrialDays), $"trial_days must be from 1 to {MaxTrialDays}.");
        v.ThrowIfInvalid();
        return this;
    }
}

/// <summary><c>PUT /subscriptions/{id}</c>.</summary>
public sealed record ChangePlanRequest(string? Plan)
{
    public ChangePlanRequest Validate()
    {
        var v = new RequestValidator();
        BillingInput.Plan(v, Plan);
        v.ThrowIfInvalid();
        return this;
    }
}
