using Stripe;
using VetrAI.TestSupport;

namespace VetrAI.StripeStandIn.Tests;

/// <summary>Webhook delivery as Stripe does it: signed with the endpoint's secret, retried after a failure
/// (each attempt signed afresh), resent on request, and held or hurried when a test asks.</summary>
[Collection(StandInCollection.Name)]
public sealed class WebhookDeliveryTests(StandInProcess standIn)
{
    [Fact]
    public async Task A_receiver_that_fails_gets_the_same_event_again_and_each_attempt_is_recorded()
    {
        // The first delivery fails with 500, every later one succeeds.
        await using var account = await TestAccount.CreateAsync(standIn, respond: count => count == 1 ? 500 : 200);
        var customer = await account.CreateCustomerAsync();

        await Wait.ForAsync(() => account.Inbox.Deliveries.Count(d => d.Event?.Type == "customer.created") >= 2,
            "customer.created to be delivered again after the receiver answered 500", TimeSpan.FromSeconds(60));

        var deliveries = account.Inbox.Deliveries.Where(d => d.Event?.Type == "customer.created").ToList();
        Assert.All(deliveries, d => Assert.Null(d.Error));
        Assert.Single(deliveries.Select(d => d.Event!.Id).Distinct());
        Assert.Equal(customer.Id, ((Customer)deliveries[1].Event!.Data.Object).Id);
        // The stand-in records an attempt once the receiver's answer is back: wait for the second one's.
        IReadOnlyList<StandInDeliveryAttempt> attempts = [];
        await Wait.ForAsync(async () =>
        {
            attempts = (await account.StandIn.EventsAsync()).Single(e => e.Type == "customer.created").Attempts;
            return attempts.Count(a => a.Url.Contains("/webhooks/stripe", StringComparison.Ordinal)) == 2;
        }, "the stand-in to record both attempts");
        Assert.Equal([500, 200], attempts.Where(a => a.Url.Contains("/webhooks/stripe", StringComparison.Ordinal)).Select(a => a.StatusCode));
    }

    [Fact]
    public async Task A_signature_made_with_another_secret_fails_Stripe_nets_check()
    {
        await using var account = await TestAccount.CreateAsync(standIn);
        await account.CreateCustomerAsync();
        var delivery = (await account.Inbox.WaitForAsync("customer.created")) is not null ? account.Inbox.Deliveries[0] : null;

        Assert.Throws<StripeException>(() => EventUtility.ConstructEvent(delivery!.Body, delivery.Signature, "whsec_not_the_secret"));
        Assert.Throws<StripeException>(() => EventUtility.ConstructEvent(delivery!.Body + " ", delivery.Signature, account.StandIn.WebhookSecret));
    }

    [Fact]
    public async Task A_resent_event_arrives_again_with_the_same_id_and_body()
    {
        await using var account = await TestAccount.CreateAsync(standIn);
        await account.CreateCustomerAsync();
        var original = await account.Inbox.WaitForAsync("customer.created");

        await account.StandIn.ResendEventAsync(original.Id);

        await Wait.ForAsync(() => account.Inbox.Deliveries.Count(d => d.Event?.Id == original.Id) == 2, "the resent event");
        var copies = account.Inbox.Deliveries.Where(d => d.Event?.Id == original.Id).ToList();
        Assert.Equal(copies[0].Body, copies[1].Body);
    }

    [Fact]
    public async Task With_deliver_before_response_the_webhook_has_arrived_when_the_API_call_returns()
    {
        await using var account = await TestAccount.CreateAsync(standIn);
        await account.StandIn.SetWebhooksAsync(paused: false, deliverBeforeResponse: true);

        var customer = await account.CreateCustomerAsync();

        var delivered = account.Inbox.Deliveries.Select(d => d.Event).SingleOrDefault(e => e?.Type == "customer.created");
        Assert.NotNull(delivered);
        Assert.Equal(customer.Id, ((Customer)delivered.Data.Object).Id);
    }

    [Fact]
    public async Task Paused_deliveries_wait_until_they_are_resumed()
    {
        await using var account = await TestAccount.CreateAsync(standIn);
        await account.StandIn.SetWebhooksAsync(paused: true, deliverBeforeResponse: false);

        await account.CreateCustomerAsync();
        var held = Assert.Single(await account.StandIn.EventsAsync());
        Assert.Empty(held.Attempts);
        Assert.Empty(account.Inbox.Deliveries);

        await account.StandIn.SetWebhooksAsync(paused: false, deliverBeforeResponse: false);
        await account.Inbox.WaitForAsync("customer.created");
    }

    [Fact]
    public async Task An_event_names_the_request_and_idempotency_key_that_caused_it()
    {
        await using var account = await TestAccount.CreateAsync(standIn);
        var customer = await account.Stripe.V1.Customers.CreateAsync(new CustomerCreateOptions { Email = "req@example.test" }, new RequestOptions { IdempotencyKey = "create-req" });

        var created = await account.Inbox.WaitForAsync("customer.created");

        Assert.Equal("create-req", created.Request.IdempotencyKey);
        Assert.Equal(customer.StripeResponse.RequestId, created.Request.Id);
        Assert.Equal(StripeConfiguration.ApiVersion, created.ApiVersion);
        var fetched = await account.Stripe.V1.Events.GetAsync(created.Id);
        Assert.Equal(customer.Id, ((Customer)fetched.Data.Object).Id);
        var listed = await account.Stripe.V1.Events.ListAsync(new EventListOptions { Type = "customer.created" });
        Assert.Equal(created.Id, Assert.Single(listed.Data).Id);
    }
}
