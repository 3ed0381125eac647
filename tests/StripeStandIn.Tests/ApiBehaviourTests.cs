using System.Net;
using System.Net.Http.Headers;
using System.Text;
using Stripe;

namespace VetrAI.StripeStandIn.Tests;

/// <summary>What every request gets from the stand-in as from Stripe: authentication by key (each key its own
/// account), Stripe's error bodies, idempotency keys, and the faults tests inject.</summary>
[Collection(StandInCollection.Name)]
public sealed class ApiBehaviourTests(StandInProcess standIn)
{
    [Fact]
    public async Task The_stand_in_speaks_the_API_version_Stripe_net_is_pinned_to()
    {
        using var http = new HttpClient { BaseAddress = standIn.Url };
        using var health = System.Text.Json.JsonDocument.Parse(await http.GetStringAsync(new Uri("/_standin/health", UriKind.Relative)));

        Assert.Equal(StripeConfiguration.ApiVersion, health.RootElement.GetProperty("api_version").GetString());
    }

    [Fact]
    public async Task Customers_are_created_read_and_updated_with_their_metadata()
    {
        await using var account = await TestAccount.CreateAsync(standIn);
        var created = await account.Stripe.V1.Customers.CreateAsync(new CustomerCreateOptions
        {
            Email = "billing@acme.test",
            Name = "Acme",
            Metadata = new() { ["organization_id"] = "org_acme" },
        });
        Assert.StartsWith("cus_", created.Id, StringComparison.Ordinal);
        Assert.False(created.Livemode);

        await account.Stripe.V1.Customers.UpdateAsync(created.Id, new CustomerUpdateOptions
        {
            Email = "finance@acme.test",
            Metadata = new() { ["plan"] = "pro" },
        });
        var read = await account.Stripe.V1.Customers.GetAsync(created.Id);

        Assert.Equal(("finance@acme.test", "Acme"), (read.Email, read.Name));
        Assert.Equal("org_acme", read.Metadata["organization_id"]);
        Assert.Equal("pro", read.Metadata["plan"]);
        var createdEvent = (Customer)(await account.Inbox.WaitForAsync("customer.created")).Data.Object;
        Assert.Equal(created.Id, createdEvent.Id);
    }

    [Fact]
    public async Task An_unknown_id_is_Stripes_resource_missing_error()
    {
        await using var account = await TestAccount.CreateAsync(standIn);

        var missing = await Assert.ThrowsAsync<StripeException>(() => account.Stripe.V1.Customers.GetAsync("cus_nope"));
        Assert.Equal(HttpStatusCode.NotFound, missing.HttpStatusCode);
        Assert.Equal(("invalid_request_error", "resource_missing", "No such customer: 'cus_nope'"),
            (missing.StripeError.Type, missing.StripeError.Code, missing.StripeError.Message));

        var customer = await account.CreateCustomerAsync();
        var badPrice = await Assert.ThrowsAsync<StripeException>(() => account.Stripe.V1.Subscriptions.CreateAsync(new SubscriptionCreateOptions
        {
            Customer = customer.Id,
            Items = [new SubscriptionItemOptions { Price = "price_unknown" }],
        }));
        Assert.Equal(HttpStatusCode.BadRequest, badPrice.HttpStatusCode);
        Assert.Equal(("resource_missing", "items[0][price]"), (badPrice.StripeError.Code, badPrice.StripeError.Param));
        Assert.Equal(2900, (await account.Stripe.V1.Prices.GetAsync("price_vetrai_pro")).UnitAmount);
    }

    [Fact]
    public async Task A_missing_or_non_test_key_is_refused_with_401()
    {
        // Stripe.net refuses to send without a key: a plain request shows the stand-in's answer.
        using var http = new HttpClient { BaseAddress = standIn.Url };
        using var noKey = await http.GetAsync(new Uri("/v1/customers", UriKind.Relative));
        Assert.Equal(HttpStatusCode.Unauthorized, noKey.StatusCode);
        using var body = System.Text.Json.JsonDocument.Parse(await noKey.Content.ReadAsStringAsync());
        Assert.Equal("invalid_request_error", body.RootElement.GetProperty("error").GetProperty("type").GetString());

        foreach (var key in new[] { "sk_live_123", "pk_test_123", "not-a-key" })
        {
            var refused = await Assert.ThrowsAsync<StripeException>(() => TestAccount.NewClient(standIn.Url, key).V1.Customers.ListAsync());
            Assert.Equal(HttpStatusCode.Unauthorized, refused.HttpStatusCode);
            Assert.Equal("invalid_request_error", refused.StripeError.Type);
        }
    }

    [Fact]
    public async Task The_key_as_basic_auth_user_name_reaches_the_same_account()
    {
        await using var account = await TestAccount.CreateAsync(standIn);
        var customer = await account.CreateCustomerAsync();
        using var http = new HttpClient { BaseAddress = standIn.Url };
        http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Basic", Convert.ToBase64String(Encoding.UTF8.GetBytes(account.StandIn.SecretKey + ":")));

        using var response = await http.GetAsync(new Uri($"/v1/customers/{customer.Id}", UriKind.Relative));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.StartsWith("req_", response.Headers.GetValues("Request-Id").Single(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Accounts_never_see_each_others_objects_or_webhooks()
    {
        await using var first = await TestAccount.CreateAsync(standIn);
        await using var second = await TestAccount.CreateAsync(standIn);
        var customer = await first.CreateCustomerAsync();
        await first.Inbox.WaitForAsync("customer.created");

        var fromOther = await Assert.ThrowsAsync<StripeException>(() => second.Stripe.V1.Customers.GetAsync(customer.Id));
        Assert.Equal(HttpStatusCode.NotFound, fromOther.HttpStatusCode);
        Assert.Empty(await second.StandIn.EventsAsync());
        Assert.Empty(second.Inbox.Deliveries);
    }

    [Fact]
    public async Task The_same_idempotency_key_replays_the_first_answer_and_refuses_other_parameters()
    {
        await using var account = await TestAccount.CreateAsync(standIn);
        var key = Guid.NewGuid().ToString();
        var options = new CustomerCreateOptions { Email = "once@example.test" };

        var first = await account.Stripe.V1.Customers.CreateAsync(options, new RequestOptions { IdempotencyKey = key });
        var second = await account.Stripe.V1.Customers.CreateAsync(options, new RequestOptions { IdempotencyKey = key });

        Assert.Equal(first.Id, second.Id);
        Assert.Equal("true", second.StripeResponse.Headers.GetValues("Idempotent-Replayed").Single());
        var all = await account.Stripe.V1.Customers.ListAsync(new CustomerListOptions { Email = "once@example.test" });
        Assert.Single(all.Data);

        var mismatch = await Assert.ThrowsAsync<StripeException>(() => account.Stripe.V1.Customers.CreateAsync(
            new CustomerCreateOptions { Email = "other@example.test" }, new RequestOptions { IdempotencyKey = key }));
        Assert.Equal(HttpStatusCode.BadRequest, mismatch.HttpStatusCode);
        Assert.Equal("idempotency_error", mismatch.StripeError.Type);
    }

    [Fact]
    public async Task Injected_faults_answer_the_next_requests_with_the_status_and_then_stop()
    {
        await using var account = await TestAccount.CreateAsync(standIn);
        await account.StandIn.InjectFaultsAsync(503, count: 2, afterProcessing: false);

        for (var i = 0; i < 2; i++)
        {
            var fault = await Assert.ThrowsAsync<StripeException>(() => account.CreateCustomerAsync("fault@example.test"));
            Assert.Equal(HttpStatusCode.ServiceUnavailable, fault.HttpStatusCode);
            Assert.Equal("api_error", fault.StripeError.Type);
        }

        await account.CreateCustomerAsync("fault@example.test");
        var customers = await account.Stripe.V1.Customers.ListAsync(new CustomerListOptions { Email = "fault@example.test" });
        Assert.Single(customers.Data);

        await account.StandIn.InjectFaultsAsync(500, count: 5, afterProcessing: false);
        await account.StandIn.ClearFaultsAsync();
        await account.CreateCustomerAsync();
    }

    [Fact]
    public async Task A_lost_response_is_recovered_by_retrying_with_the_same_idempotency_key()
    {
        await using var account = await TestAccount.CreateAsync(standIn);
        var key = Guid.NewGuid().ToString();
        var options = new CustomerCreateOptions { Email = "lost@example.test" };
        await account.StandIn.InjectFaultsAsync(500, count: 1, afterProcessing: true);

        var lost = await Assert.ThrowsAsync<StripeException>(() => account.Stripe.V1.Customers.CreateAsync(options, new RequestOptions { IdempotencyKey = key }));
        Assert.Equal(HttpStatusCode.InternalServerError, lost.HttpStatusCode);
        var retried = await account.Stripe.V1.Customers.CreateAsync(options, new RequestOptions { IdempotencyKey = key });

        var customers = await account.Stripe.V1.Customers.ListAsync(new CustomerListOptions { Email = "lost@example.test" });
        Assert.Equal(retried.Id, Assert.Single(customers.Data).Id);
        // The request was carried out the first time: its event went out then.
        var created = (Customer)(await account.Inbox.WaitForAsync("customer.created")).Data.Object;
        Assert.Equal(retried.Id, created.Id);
    }

    [Fact]
    public async Task Billing_portal_sessions_link_back_to_the_stand_in()
    {
        await using var account = await TestAccount.CreateAsync(standIn);
        var customer = await account.CreateCustomerAsync();

        var portal = await account.Stripe.V1.BillingPortal.Sessions.CreateAsync(new Stripe.BillingPortal.SessionCreateOptions
        {
            Customer = customer.Id,
            ReturnUrl = "http://localhost/billing",
        });

        Assert.StartsWith("bps_", portal.Id, StringComparison.Ordinal);
        Assert.Equal(("http://localhost/billing", customer.Id), (portal.ReturnUrl, portal.Customer));
        using var http = new HttpClient();
        Assert.Equal(HttpStatusCode.OK, (await http.GetAsync(new Uri(portal.Url))).StatusCode);
    }
}
