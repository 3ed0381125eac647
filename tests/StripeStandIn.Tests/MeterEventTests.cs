using System.Net;
using Stripe;
using Stripe.Billing;

namespace VetrAI.StripeStandIn.Tests;

/// <summary>Usage reports: recorded as sent; an identifier already used is refused as Stripe refuses it, so a
/// retried daily report never bills twice.</summary>
[Collection(StandInCollection.Name)]
public sealed class MeterEventTests(StandInProcess standIn)
{
    [Fact]
    public async Task A_meter_event_is_recorded_and_a_second_one_with_its_identifier_is_refused()
    {
        await using var account = await TestAccount.CreateAsync(standIn);
        var customer = await account.CreateCustomerAsync();
        var options = new MeterEventCreateOptions
        {
            EventName = "vetrai_validations",
            Identifier = "org_1:2026-11-29",
            Payload = new() { ["stripe_customer_id"] = customer.Id, ["value"] = "1234" },
            Timestamp = DateTime.UtcNow,
        };

        var recorded = await account.Stripe.V1.Billing.MeterEvents.CreateAsync(options);
        Assert.Equal(("vetrai_validations", "org_1:2026-11-29", "1234"), (recorded.EventName, recorded.Identifier, recorded.Payload["value"]));

        var duplicate = await Assert.ThrowsAsync<StripeException>(() => account.Stripe.V1.Billing.MeterEvents.CreateAsync(options));
        Assert.Equal(HttpStatusCode.BadRequest, duplicate.HttpStatusCode);
        Assert.Equal("invalid_request_error", duplicate.StripeError.Type);
        Assert.Contains("org_1:2026-11-29", duplicate.StripeError.Message, StringComparison.Ordinal);

        var events = await account.StandIn.MeterEventsAsync();
        var only = Assert.Single(events);
        Assert.Equal(customer.Id, only.GetProperty("payload").GetProperty("stripe_customer_id").GetString());
    }

    [Fact]
    public async Task An_idempotent_retry_of_a_meter_event_replays_its_answer_instead_of_failing()
    {
        await using var account = await TestAccount.CreateAsync(standIn);
        var options = new MeterEventCreateOptions
        {
            EventName = "vetrai_validations",
            Identifier = "org_2:2026-11-29",
            Payload = new() { ["stripe_customer_id"] = "cus_any", ["value"] = "7" },
        };
        var request = new RequestOptions { IdempotencyKey = "usage-org_2-2026-11-29" };

        var first = await account.Stripe.V1.Billing.MeterEvents.CreateAsync(options, request);
        var replay = await account.Stripe.V1.Billing.MeterEvents.CreateAsync(options, request);

        Assert.Equal(first.Identifier, replay.Identifier);
        Assert.Equal("true", replay.StripeResponse.Headers.GetValues("Idempotent-Replayed").Single());
        Assert.Single(await account.StandIn.MeterEventsAsync());
    }
}
