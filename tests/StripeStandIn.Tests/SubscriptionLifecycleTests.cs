using Stripe;
using Stripe.Checkout;

namespace VetrAI.StripeStandIn.Tests;

/// <summary>A subscription's life as VetrAI drives and reads it, through Stripe.net's own client and the webhooks
/// it verifies: checkout, trial, renewal, plan change, cancellation, failed and recovered payments.</summary>
[Collection(StandInCollection.Name)]
public sealed class SubscriptionLifecycleTests(StandInProcess standIn)
{
    [Fact]
    public async Task Checkout_with_a_trial_starts_a_trialing_subscription_that_becomes_active_when_the_trial_ends()
    {
        await using var account = await TestAccount.CreateAsync(standIn);
        var customer = await account.CreateCustomerAsync();
        var session = await account.Stripe.V1.Checkout.Sessions.CreateAsync(new SessionCreateOptions
        {
            Mode = "subscription",
            Customer = customer.Id,
            LineItems = [new SessionLineItemOptions { Price = "price_vetrai_pro", Quantity = 1 }],
            SuccessUrl = "http://localhost/billing/success",
            CancelUrl = "http://localhost/billing/cancel",
            ClientReferenceId = "org_1",
            Metadata = new() { ["organization_id"] = "org_1" },
            SubscriptionData = new SessionSubscriptionDataOptions { TrialPeriodDays = 7, Metadata = new() { ["organization_id"] = "org_1" } },
        });
        Assert.Equal("open", session.Status);
        Assert.StartsWith("cs_test_", session.Id, StringComparison.Ordinal);
        Assert.StartsWith(account.StandIn.BaseUrl.ToString(), session.Url, StringComparison.Ordinal);

        using var completed = await account.StandIn.CompleteCheckoutAsync(session.Id);
        var subscriptionId = completed.RootElement.GetProperty("id").GetString()!;

        var reread = await account.Stripe.V1.Checkout.Sessions.GetAsync(session.Id);
        Assert.Equal("complete", reread.Status);
        Assert.Equal(subscriptionId, reread.SubscriptionId);
        var checkoutEvent = await account.Inbox.WaitForAsync("checkout.session.completed");
        var checkoutSession = Assert.IsType<Session>(checkoutEvent.Data.Object);
        Assert.Equal(subscriptionId, checkoutSession.SubscriptionId);
        Assert.Equal("org_1", checkoutSession.ClientReferenceId);
        Assert.Equal("org_1", checkoutSession.Metadata["organization_id"]);

        var created = Assert.IsType<Subscription>((await account.Inbox.WaitForAsync("customer.subscription.created")).Data.Object);
        Assert.Equal("trialing", created.Status);
        Assert.Equal(customer.Id, created.CustomerId);
        Assert.Equal("price_vetrai_pro", created.Items.Data[0].Price.Id);
        Assert.Equal(created.TrialStart!.Value.AddDays(7), created.TrialEnd);
        Assert.Equal(created.TrialEnd, created.Items.Data[0].CurrentPeriodEnd);
        Assert.Equal("org_1", created.Metadata["organization_id"]);
        var trialInvoice = Assert.IsType<Invoice>((await account.Inbox.WaitForAsync("invoice.paid")).Data.Object);
        Assert.Equal(0, trialInvoice.AmountDue);

        using var advanced = await account.StandIn.AdvanceAsync(subscriptionId);
        Assert.Equal("active", advanced.RootElement.GetProperty("status").GetString());
        var active = Assert.IsType<Subscription>((await account.Inbox.WaitForAsync("customer.subscription.updated", e => ((Subscription)e.Data.Object).Status == "active")).Data.Object);
        Assert.Equal(created.TrialEnd, active.Items.Data[0].CurrentPeriodStart);
        Assert.Equal(created.TrialEnd!.Value.AddMonths(1), active.Items.Data[0].CurrentPeriodEnd);
        var renewal = Assert.IsType<Invoice>((await account.Inbox.WaitForAsync("invoice.paid", e => ((Invoice)e.Data.Object).AmountPaid > 0)).Data.Object);
        Assert.Equal(2900, renewal.AmountPaid);
        Assert.Equal(0, renewal.AmountRemaining);
        Assert.Equal("usd", renewal.Currency);
        Assert.Equal(subscriptionId, renewal.Parent.SubscriptionDetails.SubscriptionId);
        Assert.Equal("org_1", renewal.Parent.SubscriptionDetails.Metadata["organization_id"]);
        Assert.Matches("^[A-Z0-9]{8}-0002$", renewal.Number);
        Assert.StartsWith(account.StandIn.BaseUrl.ToString(), renewal.HostedInvoiceUrl, StringComparison.Ordinal);
        Assert.Equal("price_vetrai_pro", renewal.Lines.Data[0].Pricing.PriceDetails.PriceId);
    }

    [Fact]
    public async Task A_subscription_without_trial_is_paid_at_once_and_active_for_a_month()
    {
        await using var account = await TestAccount.CreateAsync(standIn);
        var customer = await account.CreateCustomerAsync();
        var subscription = await account.Stripe.V1.Subscriptions.CreateAsync(new SubscriptionCreateOptions
        {
            Customer = customer.Id,
            Items = [new SubscriptionItemOptions { Price = "price_vetrai_enterprise" }],
            Metadata = new() { ["organization_id"] = "org_2" },
            PaymentBehavior = "default_incomplete",
        });

        Assert.Equal("active", subscription.Status);
        Assert.StartsWith("sub_", subscription.Id, StringComparison.Ordinal);
        Assert.StartsWith("si_", subscription.Items.Data[0].Id, StringComparison.Ordinal);
        Assert.Equal(subscription.Created.AddMonths(1), subscription.Items.Data[0].CurrentPeriodEnd);
        var invoices = await account.Stripe.V1.Invoices.ListAsync(new InvoiceListOptions { Subscription = subscription.Id });
        var invoice = Assert.Single(invoices.Data);
        Assert.Equal(("paid", 49900L, 49900L, "subscription_create"), (invoice.Status, invoice.AmountDue, invoice.AmountPaid, invoice.BillingReason));
        Assert.Equal(invoice.Id, subscription.LatestInvoiceId);

        var listed = await account.Stripe.V1.Subscriptions.ListAsync(new SubscriptionListOptions { Customer = customer.Id, Status = "active" });
        Assert.Equal(subscription.Id, Assert.Single(listed.Data).Id);
    }

    [Fact]
    public async Task A_plan_change_with_prorations_invoices_the_difference_and_keeps_the_period()
    {
        await using var account = await TestAccount.CreateAsync(standIn);
        var customer = await account.CreateCustomerAsync();
        var subscription = await account.Stripe.V1.Subscriptions.CreateAsync(new SubscriptionCreateOptions
        {
            Customer = customer.Id,
            Items = [new SubscriptionItemOptions { Price = "price_vetrai_pro" }],
        });

        var changed = await account.Stripe.V1.Subscriptions.UpdateAsync(subscription.Id, new SubscriptionUpdateOptions
        {
            Items = [new SubscriptionItemOptions { Id = subscription.Items.Data[0].Id, Price = "price_vetrai_enterprise" }],
            ProrationBehavior = "always_invoice",
        });

        Assert.Equal("price_vetrai_enterprise", changed.Items.Data[0].Price.Id);
        Assert.Equal(subscription.Items.Data[0].CurrentPeriodEnd, changed.Items.Data[0].CurrentPeriodEnd);
        Assert.Equal("active", changed.Status);
        var proration = await account.Stripe.V1.Invoices.GetAsync(changed.LatestInvoiceId);
        Assert.Equal("subscription_update", proration.BillingReason);
        Assert.Equal("paid", proration.Status);
        // Nearly the whole month is left: close to the difference of the two prices.
        Assert.InRange(proration.AmountPaid, 49900 - 2900 - 100, 49900 - 2900);
        Assert.Equal(2, proration.Lines.Data.Count);
        Assert.All(proration.Lines.Data, line => Assert.True(line.Parent.SubscriptionItemDetails.Proration));

        var updated = await account.Inbox.WaitForAsync("customer.subscription.updated");
        Assert.Equal("price_vetrai_enterprise", ((Subscription)updated.Data.Object).Items.Data[0].Price.Id);
        Assert.NotNull(updated.Data.PreviousAttributes);
        var invoices = await account.Stripe.V1.Invoices.ListAsync(new InvoiceListOptions { Customer = customer.Id, Limit = 1 });
        Assert.Equal(proration.Id, Assert.Single(invoices.Data).Id);
        Assert.True(invoices.HasMore);
        var older = await account.Stripe.V1.Invoices.ListAsync(new InvoiceListOptions { Customer = customer.Id, StartingAfter = proration.Id });
        Assert.Equal("subscription_create", Assert.Single(older.Data).BillingReason);
        Assert.False(older.HasMore);
    }

    [Fact]
    public async Task Cancel_at_period_end_keeps_the_subscription_until_the_period_ends_then_deletes_it()
    {
        await using var account = await TestAccount.CreateAsync(standIn);
        var customer = await account.CreateCustomerAsync();
        var subscription = await account.Stripe.V1.Subscriptions.CreateAsync(new SubscriptionCreateOptions
        {
            Customer = customer.Id,
            Items = [new SubscriptionItemOptions { Price = "price_vetrai_pro" }],
        });

        var canceling = await account.Stripe.V1.Subscriptions.UpdateAsync(subscription.Id, new SubscriptionUpdateOptions { CancelAtPeriodEnd = true });
        Assert.Equal(("active", true), (canceling.Status, canceling.CancelAtPeriodEnd));
        var updated = (Subscription)(await account.Inbox.WaitForAsync("customer.subscription.updated")).Data.Object;
        Assert.True(updated.CancelAtPeriodEnd);

        await account.StandIn.AdvanceAsync(subscription.Id);
        var deletedEvent = await account.Inbox.WaitForAsync("customer.subscription.deleted");
        var deleted = (Subscription)deletedEvent.Data.Object;
        Assert.Equal("canceled", deleted.Status);
        Assert.Equal(subscription.Items.Data[0].CurrentPeriodEnd, deleted.EndedAt);
        // The account's clock moved to the period's end: the event is that late.
        Assert.True(deletedEvent.Created >= subscription.Items.Data[0].CurrentPeriodEnd);
        Assert.Equal("canceled", (await account.Stripe.V1.Subscriptions.GetAsync(subscription.Id)).Status);
        var notCanceled = await account.Stripe.V1.Subscriptions.ListAsync(new SubscriptionListOptions { Customer = customer.Id });
        Assert.Empty(notCanceled.Data);
        var all = await account.Stripe.V1.Subscriptions.ListAsync(new SubscriptionListOptions { Customer = customer.Id, Status = "all" });
        Assert.Single(all.Data);
    }

    [Fact]
    public async Task Canceling_now_ends_the_subscription_at_once()
    {
        await using var account = await TestAccount.CreateAsync(standIn);
        var customer = await account.CreateCustomerAsync();
        var subscription = await account.Stripe.V1.Subscriptions.CreateAsync(new SubscriptionCreateOptions
        {
            Customer = customer.Id,
            Items = [new SubscriptionItemOptions { Price = "price_vetrai_pro" }],
            TrialPeriodDays = 14,
        });
        Assert.Equal("trialing", subscription.Status);

        var canceled = await account.Stripe.V1.Subscriptions.CancelAsync(subscription.Id);

        Assert.Equal("canceled", canceled.Status);
        Assert.NotNull(canceled.CanceledAt);
        Assert.Equal(canceled.CanceledAt, canceled.EndedAt);
        var deleted = (Subscription)(await account.Inbox.WaitForAsync("customer.subscription.deleted")).Data.Object;
        Assert.Equal("canceled", deleted.Status);
        var again = await Assert.ThrowsAsync<StripeException>(() => account.Stripe.V1.Subscriptions.CancelAsync(subscription.Id));
        Assert.Equal(System.Net.HttpStatusCode.BadRequest, again.HttpStatusCode);
    }

    [Fact]
    public async Task A_failed_renewal_makes_the_subscription_past_due_until_the_invoice_is_paid()
    {
        await using var account = await TestAccount.CreateAsync(standIn);
        var customer = await account.CreateCustomerAsync();
        var subscription = await account.Stripe.V1.Subscriptions.CreateAsync(new SubscriptionCreateOptions
        {
            Customer = customer.Id,
            Items = [new SubscriptionItemOptions { Price = "price_vetrai_pro" }],
        });
        await account.StandIn.SetPaymentsFailAsync(customer.Id, fail: true);

        using var advanced = await account.StandIn.AdvanceAsync(subscription.Id);

        Assert.Equal("past_due", advanced.RootElement.GetProperty("status").GetString());
        var failed = (Invoice)(await account.Inbox.WaitForAsync("invoice.payment_failed")).Data.Object;
        Assert.Equal(("open", 2900L, 0L, 2900L), (failed.Status, failed.AmountDue, failed.AmountPaid, failed.AmountRemaining));
        var pastDue = (Subscription)(await account.Inbox.WaitForAsync("customer.subscription.updated", e => ((Subscription)e.Data.Object).Status == "past_due")).Data.Object;
        Assert.Equal(failed.Id, pastDue.LatestInvoiceId);
        // A second failed renewal stays past_due.
        using var again = await account.StandIn.AdvanceAsync(subscription.Id);
        Assert.Equal("past_due", again.RootElement.GetProperty("status").GetString());

        var declined = await Assert.ThrowsAsync<VetrAI.TestSupport.StripeStandInException>(() => account.StandIn.PayInvoiceAsync(failed.Id));
        Assert.Equal(402, declined.Status);
        await account.StandIn.SetPaymentsFailAsync(customer.Id, fail: false);
        var open = await account.Stripe.V1.Invoices.ListAsync(new InvoiceListOptions { Subscription = subscription.Id, Status = "open" });
        foreach (var invoice in open.Data)
        {
            (await account.StandIn.PayInvoiceAsync(invoice.Id)).Dispose();
        }

        Assert.Equal("active", (await account.Stripe.V1.Subscriptions.GetAsync(subscription.Id)).Status);
        var paid = (Invoice)(await account.Inbox.WaitForAsync("invoice.paid", e => ((Invoice)e.Data.Object).Id == failed.Id)).Data.Object;
        Assert.Equal(2900, paid.AmountPaid);
        await account.Inbox.WaitForAsync("customer.subscription.updated", e => ((Subscription)e.Data.Object).Status == "active");
    }

    [Fact]
    public async Task A_customer_whose_card_declines_gets_an_incomplete_subscription_with_an_open_invoice()
    {
        await using var account = await TestAccount.CreateAsync(standIn);
        var customer = await account.CreateCustomerAsync();
        await account.StandIn.SetPaymentsFailAsync(customer.Id, fail: true);

        var subscription = await account.Stripe.V1.Subscriptions.CreateAsync(new SubscriptionCreateOptions
        {
            Customer = customer.Id,
            Items = [new SubscriptionItemOptions { Price = "price_vetrai_pro" }],
        });

        Assert.Equal("incomplete", subscription.Status);
        Assert.Equal("open", (await account.Stripe.V1.Invoices.GetAsync(subscription.LatestInvoiceId)).Status);
    }
}
