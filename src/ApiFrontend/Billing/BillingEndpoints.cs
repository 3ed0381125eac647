using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc;
using VetrAI.ApiFrontend.Auth;
using VetrAI.ApiFrontend.Paging;
using VetrAI.ApiFrontend.Validation;
using VetrAI.Grains.Abstractions.Auth;
using VetrAI.Grains.Abstractions.Billing;
using VetrAI.Grains.Abstractions.Errors;
using VetrAI.Grains.Abstractions.Organizations;

namespace VetrAI.ApiFrontend.Billing;

/// <summary>The organization's subscription, invoices and Stripe sessions. Billing admins and org admins only;
/// the work is the organization's billing grain's, which calls Stripe.</summary>
internal static class BillingEndpoints
{
    public static IEndpointRouteBuilder MapBillingEndpoints(this IEndpointRouteBuilder routes)
    {
        var billing = routes.MapGroup("/api/v1/billing").WithTags("Billing").RequireRoles(Roles.BillingAdmin, Roles.OrgAdmin);
        billing.MapPost("/checkout", CheckoutAsync).WithName("StartCheckout")
            .WithSummary("A Stripe Checkout session for a new subscription; send the user to its url.");
        billing.MapPost("/portal", PortalAsync).WithName("OpenBillingPortal")
            .WithSummary("A Stripe customer-portal session; send the user to its url.");

        var subscriptions = routes.MapGroup("/api/v1/subscriptions").WithTags("Billing").RequireRoles(Roles.BillingAdmin, Roles.OrgAdmin);
        subscriptions.MapPost("/", CreateSubscriptionAsync).WithName("CreateSubscription")
            .WithSummary("Subscribe to a paid plan (optional trial); 409 when a subscription is live.");
        subscriptions.MapGet("/", ListSubscriptionsAsync).WithName("ListSubscriptions").WithSummary("The organization's subscriptions, newest first.");
        subscriptions.MapPut("/{id}", ChangePlanAsync).WithName("ChangeSubscriptionPlan").WithSummary("Move to another plan; Stripe prorates.");
        subscriptions.MapDelete("/{id}", CancelAsync).WithName("CancelSubscription")
            .WithSummary("Cancel at the end of the period, or now with ?immediately=true.");

        routes.MapGet("/api/v1/invoices", ListInvoicesAsync).WithTags("Billing").RequireRoles(Roles.BillingAdmin, Roles.OrgAdmin)
            .WithName("ListInvoices").WithSummary("The organization's invoices, newest first (paginated).");
        routes.MapStripeWebhook();
        return routes;
    }

    private static async Task<Created<BillingRedirect>> CheckoutAsync(
        CheckoutRequest? request, Caller caller, IGrainFactory grains, [FromQuery(Name = "organization_id")] string? organizationId)
    {
        var input = RequestValidator.RequireBody(request).Validate();
        var billing = await BillingOfAsync(caller, grains, organizationId);
        var redirect = await billing.StartCheckoutAsync(new StartCheckoutCommand(input.Plan!, input.SuccessUrl!, input.CancelUrl!, caller.Actor));
        return TypedResults.Created((string?)null, redirect);
    }

    private static async Task<Created<BillingRedirect>> PortalAsync(
        PortalRequest? request, Caller caller, IGrainFactory grains, [FromQuery(Name = "organization_id")] string? organizationId)
    {
        var input = RequestValidator.RequireBody(request).Validate();
        var billing = await BillingOfAsync(caller, grains, organizationId);
        return TypedResults.Created((string?)null, await billing.OpenPortalAsync(input.ReturnUrl!, caller.Actor));
    }

    private static async Task<Created<SubscriptionView>> CreateSubscriptionAsync(
        CreateSubscriptionRequest? request, Caller caller, IGrainFactory grains, [FromQuery(Name = "organization_id")] string? organizationId)
    {
        var input = RequestValidator.RequireBody(request).Validate();
        var billing = await BillingOfAsync(caller, grains, organizationId);
        var subscription = await billing.CreateSubscriptionAsync(new CreateSubscriptionCommand(input.Plan!, input.TrialDays, caller.Actor));
        return TypedResults.Created($"/api/v1/subscriptions/{subscription.Id}", subscription);
    }

    private static async Task<Ok<Page<SubscriptionView>>> ListSubscriptionsAsync(
        Caller caller, IGrainFactory grains, [FromQuery(Name = "organization_id")] string? organizationId)
    {
        var billing = await BillingOfAsync(caller, grains, organizationId);
        return TypedResults.Ok(new Page<SubscriptionView>(await billing.ListSubscriptionsAsync(), null));
    }

    private static async Task<Ok<SubscriptionView>> ChangePlanAsync(
        string id, ChangePlanRequest? request, Caller caller, IGrainFactory grains, [FromQuery(Name = "organization_id")] string? organizationId)
    {
        var input = RequestValidator.RequireBody(request).Validate();
        var billing = await BillingOfAsync(caller, grains, organizationId);
        return TypedResults.Ok(await billing.ChangePlanAsync(id, input.Plan!, caller.Actor));
    }

    private static async Task<Ok<SubscriptionView>> CancelAsync(
        string id, string? immediately, Caller caller, IGrainFactory grains, [FromQuery(Name = "organization_id")] string? organizationId)
    {
        var now = immediately switch
        {
            null or "false" => false,
            "true" => true,
            _ => throw new InvalidInputException("immediately must be true or false."),
        };
        var billing = await BillingOfAsync(caller, grains, organizationId);
        return TypedResults.Ok(await billing.CancelAsync(id, now, caller.Actor));
    }

    private static async Task<Ok<Page<InvoiceView>>> ListInvoicesAsync(
        Caller caller, IGrainFactory grains, string? limit, string? cursor, [FromQuery(Name = "organization_id")] string? organizationId)
    {
        var page = PageRequest.Parse(limit, cursor);
        var billing = await BillingOfAsync(caller, grains, organizationId);
        var invoices = await billing.ListInvoicesAsync(page.Limit, page.After?.Id);
        return TypedResults.Ok(Page<InvoiceView>.From(invoices.Items, invoices.NextAfter is not null, item => new Cursor(item.CreatedAt, item.Id)));
    }

    /// <summary>The billing grain of the organization the caller acts on; 404 for one that is not theirs or gone.</summary>
    private static async Task<IBillingGrain> BillingOfAsync(Caller caller, IGrainFactory grains, string? organizationId)
    {
        var organization = caller.ResolveOrganizationId(organizationId);
        if (!await grains.GetGrain<IOrganizationGrain>(organization).ExistsAsync())
        {
            throw new NotFoundException(Caller.OrganizationNotFound);
        }

        return grains.GetGrain<IBillingGrain>(organization);
    }
}
