using Stripe;
using VetrAI.TestSupport;

namespace VetrAI.StripeStandIn.Tests;

/// <summary>The settings run.sh and cluster.sh give the stand-in: a webhook endpoint every account starts with
/// (VetrAI's, with the run's secret), the prices, and the webhook retry delays. A stand-in process of its own.</summary>
[Collection(StandInCollection.Name)]
public sealed class SettingsTests
{
    [Fact]
    public async Task Every_new_account_sends_its_events_to_the_configured_endpoint_with_the_configured_secret_and_prices()
    {
        const string secret = "whsec_run_secret_for_this_test";
        var inbox = new WebhookInbox(secret);
        await using var receiver = await TestHttpServer.StartAsync((request, _) =>
        {
            inbox.Receive(request);
            return Task.FromResult(200);
        });
        var (process, url) = await StandInProcess.StartAsync(new Dictionary<string, string>
        {
            ["STRIPE_STANDIN_WEBHOOK_URL"] = new Uri(receiver.Url, "/api/v1/webhooks/stripe").ToString(),
            ["STRIPE_STANDIN_WEBHOOK_SECRET"] = secret,
            ["STRIPE_STANDIN_PRICES"] = "price_team:1500:eur",
        });
        try
        {
            var stripe = TestAccount.NewClient(url, "sk_test_vetrai_local");
            var customer = await stripe.V1.Customers.CreateAsync(new CustomerCreateOptions { Email = "first@example.test" });
            var subscription = await stripe.V1.Subscriptions.CreateAsync(new SubscriptionCreateOptions
            {
                Customer = customer.Id,
                Items = [new SubscriptionItemOptions { Price = "price_team" }],
            });

            Assert.Equal(("eur", 1500L), (subscription.Currency, subscription.Items.Data[0].Price.UnitAmount!.Value));
            var created = await inbox.WaitForAsync("customer.created");
            Assert.Equal(customer.Id, ((Customer)created.Data.Object).Id);
            Assert.Equal("/api/v1/webhooks/stripe", receiver.Requests.First().Path);
            var unknown = await Assert.ThrowsAsync<StripeException>(() => stripe.V1.Prices.GetAsync("price_vetrai_pro"));
            Assert.Equal(System.Net.HttpStatusCode.NotFound, unknown.HttpStatusCode);
        }
        finally
        {
            await StandInProcess.StopAsync(process);
        }
    }

    [Fact]
    public async Task A_delivery_that_keeps_failing_is_retried_after_each_configured_delay_then_given_up()
    {
        await using var receiver = await TestHttpServer.StartAsync((_, _) => Task.FromResult(503));
        var (process, url) = await StandInProcess.StartAsync(new Dictionary<string, string> { ["STRIPE_STANDIN_RETRY_DELAYS"] = "0.2,0.4" });
        try
        {
            using var account = await StripeStandInAccount.CreateAsync(url);
            await account.SetWebhookUrlAsync(new Uri(receiver.Url, "/hook"));
            await TestAccount.NewClient(url, account.SecretKey).V1.Customers.CreateAsync(new CustomerCreateOptions());

            StandInEvent? failed = null;
            await Wait.ForAsync(async () =>
            {
                failed = (await account.EventsAsync()).Single();
                return failed.Attempts.Count == 3;
            }, "three attempts (the first and two retries)");

            Assert.Equal([503, 503, 503], failed!.Attempts.Select(a => a.StatusCode));
            Assert.Equal(3, receiver.Requests.Count);
            Assert.True(failed.Attempts[2].At - failed.Attempts[0].At >= TimeSpan.FromSeconds(0.6) - TimeSpan.FromMilliseconds(50),
                "the retries came sooner than the configured delays");
            Assert.Equal(0, failed.Json.GetProperty("pending_webhooks").GetInt32());
        }
        finally
        {
            await StandInProcess.StopAsync(process);
        }
    }
}
