using System.Net;
using System.Text.Json;
using VetrAI.ApiFrontend.Tests.Infrastructure;
using VetrAI.TestSupport;

namespace VetrAI.ApiFrontend.Tests.Billing;

/// <summary>Billing end to end: the real front end and silo, PostgreSQL, and the Stripe stand-in delivering
/// signed webhooks over HTTP.</summary>
public sealed class BillingTests(BillingFixture fixture) : IClassFixture<BillingFixture>
{
    private static readonly TimeSpan _settle = TimeSpan.FromSeconds(20);

    [Fact]
    public async Task Checkout_to_active_gives_the_plan_and_the_keys_its_rate_limit_within_seconds()
    {
        using var admin = await fixture.RegisterOrgAdminAsync();
        var key = await CreateKeyAsync(admin);
        Assert.Equal(60, (await ValidateAsync(key)).GetProperty("ratelimit").GetProperty("limit").GetInt32());

        var checkout = await (await admin.Client.PostJsonAsync("/api/v1/billing/checkout", new
        {
            Plan = "pro",
            SuccessUrl = "https://app.example.com/billing/done",
            CancelUrl = "https://app.example.com/billing",
        })).ReadJsonAsync(HttpStatusCode.Created);
        var url = new Uri(checkout.GetString("url"));
        using var completed = await fixture.Stripe.CompleteCheckoutAsync(url.Segments[^1], CancellationToken.None);

        var subscription = await WaitForSubscriptionAsync(admin, s => s.GetString("status") == "active");
        Assert.Equal(completed.RootElement.GetString("id"), subscription.GetString("id"));
        Assert.Equal("pro", subscription.GetString("plan"));
        var organization = await OrganizationAsync(admin);
        Assert.Equal("pro", organization.GetString("plan"));
        Assert.Equal(600, organization.GetProperty("limits").GetProperty("rate_limit_per_minute").GetInt32());
        await Wait.ForAsync(
            async () => (await ValidateAsync(key)).GetProperty("ratelimit").GetProperty("limit").GetInt32() == 600,
            "the key to enforce the pro plan's rate limit", _settle);

        var invoice = await WaitForInvoiceAsync(admin, i => i.GetString("status") == "paid");
        Assert.Equal(2900, invoice.GetProperty("amount_paid").GetInt64());
        Assert.Equal("usd", invoice.GetString("currency"));
    }

    [Fact]
    public async Task A_trial_grants_the_plan_and_turns_active_when_it_ends()
    {
        using var admin = await fixture.RegisterOrgAdminAsync();
        var created = await (await admin.Client.PostJsonAsync("/api/v1/subscriptions", new { Plan = "enterprise", TrialDays = 14 }))
            .ReadJsonAsync(HttpStatusCode.Created);
        Assert.Equal("trialing", created.GetString("status"));
        Assert.Equal("enterprise", created.GetString("plan"));
        Assert.True(created.GetProperty("trial_end").GetDateTimeOffset() > DateTimeOffset.UtcNow.AddDays(13));
        Assert.Equal("enterprise", (await OrganizationAsync(admin)).GetString("plan"));

        (await fixture.Stripe.AdvanceAsync(created.GetString("id"), CancellationToken.None)).Dispose();
        await WaitForSubscriptionAsync(admin, s => s.GetString("status") == "active");
        Assert.Equal("enterprise", (await OrganizationAsync(admin)).GetString("plan"));
        var invoice = await WaitForInvoiceAsync(admin, i => i.GetProperty("amount_paid").GetInt64() == 49900);
        Assert.Equal("paid", invoice.GetString("status"));
    }

    [Fact]
    public async Task A_plan_change_is_prorated_by_Stripe_and_reaches_the_keys()
    {
        using var admin = await fixture.RegisterOrgAdminAsync();
        var key = await CreateKeyAsync(admin);
        var created = await CreateSubscriptionAsync(admin, "pro");
        await Wait.ForAsync(
            async () => (await ValidateAsync(key)).GetProperty("ratelimit").GetProperty("limit").GetInt32() == 600,
            "the key to enforce the pro plan's rate limit", _settle);

        var changed = await (await admin.Client.PutJsonAsync($"/api/v1/subscriptions/{created.GetString("id")}", new { Plan = "enterprise" }))
            .ReadJsonAsync();
        Assert.Equal("enterprise", changed.GetString("plan"));
        Assert.Equal("enterprise", (await OrganizationAsync(admin)).GetString("plan"));
        await Wait.ForAsync(
            async () => (await ValidateAsync(key)).GetProperty("ratelimit").GetProperty("limit").GetInt32() == 6000,
            "the key to enforce the enterprise plan's rate limit", _settle);
        var stripeSubscription = await fixture.StripeGetAsync($"subscriptions/{created.GetString("id")}");
        Assert.Equal(BillingFixture.EnterprisePrice, stripeSubscription.GetProperty("items").GetProperty("data")[0].GetProperty("price").GetString("id"));
    }

    [Fact]
    public async Task A_failed_payment_keeps_the_plan_for_the_grace_period_then_falls_to_free()
    {
        using var admin = await fixture.RegisterOrgAdminAsync();
        var created = await CreateSubscriptionAsync(admin, "pro");
        var customer = (await fixture.StripeGetAsync($"subscriptions/{created.GetString("id")}")).GetString("customer");
        await fixture.Stripe.SetPaymentsFailAsync(customer, true, CancellationToken.None);

        (await fixture.Stripe.AdvanceAsync(created.GetString("id"), CancellationToken.None)).Dispose();
        var pastDueSeen = DateTimeOffset.UtcNow;
        await WaitForSubscriptionAsync(admin, s => s.GetString("status") == "past_due");
        var failed = await WaitForInvoiceAsync(admin, i => i.GetString("status") == "open");
        Assert.Equal(0, failed.GetProperty("amount_paid").GetInt64());
        var plan = (await OrganizationAsync(admin)).GetString("plan");
        Assert.True(plan == "pro" || DateTimeOffset.UtcNow - pastDueSeen >= BillingFixture.GracePeriod, $"the plan fell to {plan} before the grace period ended");

        // The billing admins and org admins are told.
        JsonElement notice = default;
        await Wait.ForAsync(
            async () =>
            {
                var told = await (await admin.Client.GetAsync("/api/v1/notifications")).ReadJsonAsync();
                notice = told.GetProperty("items").EnumerateArray().FirstOrDefault(n => n.GetString("category") == "billing" && n.GetString("channel") == "in_app");
                return notice.ValueKind == JsonValueKind.Object;
            },
            "the org admin to be told of the failed payment",
            _settle);
        Assert.Contains(failed.GetString("number"), notice.GetString("body"), StringComparison.Ordinal);

        await Wait.ForAsync(async () => (await OrganizationAsync(admin)).GetString("plan") == "free", "the grace period to end", _settle);
        Assert.True(DateTimeOffset.UtcNow - pastDueSeen >= BillingFixture.GracePeriod - TimeSpan.FromSeconds(1));
        Assert.Equal("past_due", (await SubscriptionsAsync(admin)).Single().GetString("status"));
    }

    [Fact]
    public async Task Paying_the_open_invoice_during_the_grace_period_keeps_the_plan()
    {
        using var admin = await fixture.RegisterOrgAdminAsync();
        var created = await CreateSubscriptionAsync(admin, "pro");
        var customer = (await fixture.StripeGetAsync($"subscriptions/{created.GetString("id")}")).GetString("customer");
        await fixture.Stripe.SetPaymentsFailAsync(customer, true, CancellationToken.None);
        (await fixture.Stripe.AdvanceAsync(created.GetString("id"), CancellationToken.None)).Dispose();
        var open = await WaitForInvoiceAsync(admin, i => i.GetString("status") == "open");

        await fixture.Stripe.SetPaymentsFailAsync(customer, false, CancellationToken.None);
        (await fixture.Stripe.PayInvoiceAsync(open.GetString("id"), CancellationToken.None)).Dispose();
        await WaitForSubscriptionAsync(admin, s => s.GetString("status") == "active");
        await WaitForInvoiceAsync(admin, i => i.GetString("id") == open.GetString("id") && i.GetString("status") == "paid");
        // Past the grace period that would have ended at the failure: the plan stays.
        var deadline = DateTimeOffset.UtcNow + BillingFixture.GracePeriod + TimeSpan.FromSeconds(2);
        await Wait.ForAsync(() => DateTimeOffset.UtcNow > deadline, "the old grace period to pass", _settle);
        Assert.Equal("pro", (await OrganizationAsync(admin)).GetString("plan"));
    }

    [Fact]
    public async Task Cancelling_at_period_end_keeps_the_plan_until_then_and_cancelling_now_ends_it_at_once()
    {
        using var admin = await fixture.RegisterOrgAdminAsync();
        var created = await CreateSubscriptionAsync(admin, "pro");
        var id = created.GetString("id");
        var cancelling = await (await admin.Client.DeleteAsync($"/api/v1/subscriptions/{id}")).ReadJsonAsync();
        Assert.True(cancelling.GetProperty("cancel_at_period_end").GetBoolean());
        Assert.Equal("active", cancelling.GetString("status"));
        Assert.Equal("pro", (await OrganizationAsync(admin)).GetString("plan"));

        (await fixture.Stripe.AdvanceAsync(id, CancellationToken.None)).Dispose();
        await WaitForSubscriptionAsync(admin, s => s.GetString("status") == "canceled");
        Assert.Equal("free", (await OrganizationAsync(admin)).GetString("plan"));

        var second = await CreateSubscriptionAsync(admin, "enterprise");
        var canceled = await (await admin.Client.DeleteAsync($"/api/v1/subscriptions/{second.GetString("id")}?immediately=true")).ReadJsonAsync();
        Assert.Equal("canceled", canceled.GetString("status"));
        Assert.Equal("free", (await OrganizationAsync(admin)).GetString("plan"));
        Assert.Equal(2, (await SubscriptionsAsync(admin)).Count);
    }

    [Fact]
    public async Task A_webhook_with_a_bad_missing_or_stale_signature_is_refused_and_changes_nothing()
    {
        using var admin = await fixture.RegisterOrgAdminAsync();
        var created = await CreateSubscriptionAsync(admin, "pro");
        var canceling = CanceledEventFor(await fixture.StripeGetAsync($"subscriptions/{created.GetString("id")}"));

        await (await fixture.PostWebhookAsync(canceling, fixture.Sign(canceling, secret: "whsec_not_the_endpoints"))).ReadErrorAsync(HttpStatusCode.BadRequest);
        await (await fixture.PostWebhookAsync(canceling, signature: null)).ReadErrorAsync(HttpStatusCode.BadRequest);
        await (await fixture.PostWebhookAsync(canceling, "t=1,v1=00")).ReadErrorAsync(HttpStatusCode.BadRequest);
        await (await fixture.PostWebhookAsync(canceling, fixture.Sign(canceling, DateTimeOffset.UtcNow.AddMinutes(-6)))).ReadErrorAsync(HttpStatusCode.BadRequest);
        var tampered = canceling.Replace("\"canceled\"", "\"unpaid\"", StringComparison.Ordinal);
        var signature = fixture.Sign(canceling);
        await (await fixture.PostWebhookAsync(tampered, signature)).ReadErrorAsync(HttpStatusCode.BadRequest);
        foreach (var malformed in new[] { "{", "[]", "{\"id\": 5}", "null", "\u0001" })
        {
            await (await fixture.PostWebhookAsync(malformed, fixture.Sign(malformed))).ReadErrorAsync(HttpStatusCode.BadRequest);
        }

        Assert.Equal("active", (await SubscriptionsAsync(admin)).Single().GetString("status"));
        Assert.Equal("pro", (await OrganizationAsync(admin)).GetString("plan"));

        // The same event correctly signed is taken: the refusals above were about the signature alone.
        var accepted = await (await fixture.PostWebhookAsync(canceling, fixture.Sign(canceling))).ReadJsonAsync();
        Assert.Equal("applied", accepted.GetString("outcome"));
    }

    [Fact]
    public async Task A_replayed_event_answers_200_and_changes_nothing_and_an_older_event_never_rolls_back()
    {
        using var admin = await fixture.RegisterOrgAdminAsync();
        var created = await CreateSubscriptionAsync(admin, "pro");
        var id = created.GetString("id");
        var creation = await EventAsync("customer.subscription.created", id);

        await (await admin.Client.DeleteAsync($"/api/v1/subscriptions/{id}")).ReadJsonAsync();
        (await fixture.Stripe.AdvanceAsync(id, CancellationToken.None)).Dispose();
        await WaitForSubscriptionAsync(admin, s => s.GetString("status") == "canceled");
        Assert.Equal("free", (await OrganizationAsync(admin)).GetString("plan"));

        // Stripe delivers the creation (status active) again, now older than the cancellation.
        var replay = await (await fixture.PostWebhookAsync(creation, fixture.Sign(creation))).ReadJsonAsync();
        Assert.Equal("duplicate", replay.GetString("outcome"));
        // Event times are whole seconds, and the creation may share its second with the cancellation.
        var renamed = StripeSignatures.WithNewIdCreatedEarlier(creation, TimeSpan.FromMinutes(1));
        var older = await (await fixture.PostWebhookAsync(renamed, fixture.Sign(renamed))).ReadJsonAsync();
        Assert.Equal("ignored", older.GetString("outcome"));
        await fixture.Stripe.ResendEventAsync(JsonDocument.Parse(creation).RootElement.GetString("id"), CancellationToken.None);

        Assert.Equal("canceled", (await SubscriptionsAsync(admin)).Single().GetString("status"));
        Assert.Equal("free", (await OrganizationAsync(admin)).GetString("plan"));
    }

    [Fact]
    public async Task One_event_delivered_twice_at_once_and_webhooks_racing_the_API_call_end_in_one_subscription()
    {
        using var admin = await fixture.RegisterOrgAdminAsync();
        await fixture.Stripe.SetWebhooksAsync(paused: false, deliverBeforeResponse: true, CancellationToken.None);
        JsonElement created;
        try
        {
            created = await CreateSubscriptionAsync(admin, "pro");
        }
        finally
        {
            await fixture.Stripe.SetWebhooksAsync(paused: false, deliverBeforeResponse: false, CancellationToken.None);
        }

        var update = await EventAsync("customer.subscription.created", created.GetString("id"));
        var renamed = StripeSignatures.WithNewId(update);
        var answers = await Task.WhenAll(Enumerable.Range(0, 4).Select(async _ =>
            await (await fixture.PostWebhookAsync(renamed, fixture.Sign(renamed))).ReadJsonAsync()));
        Assert.Single(answers, answer => answer.GetString("outcome") != "duplicate");

        var subscriptions = await SubscriptionsAsync(admin);
        Assert.Equal(created.GetString("id"), Assert.Single(subscriptions).GetString("id"));
        Assert.Equal("active", subscriptions[0].GetString("status"));
        var customer = (await fixture.StripeGetAsync($"subscriptions/{created.GetString("id")}")).GetString("customer");
        var atStripe = await fixture.StripeGetAsync($"subscriptions?customer={customer}&status=all");
        Assert.Single(atStripe.GetProperty("data").EnumerateArray());
    }

    [Fact]
    public async Task Stripe_failing_answers_503_and_a_retry_creates_one_subscription()
    {
        using var admin = await fixture.RegisterOrgAdminAsync();
        // The customer exists first, so the faults below hit the subscription's creation.
        await (await admin.Client.PostJsonAsync("/api/v1/billing/portal", new { ReturnUrl = "https://app.example.com/" })).ReadJsonAsync(HttpStatusCode.Created);

        await fixture.Stripe.InjectFaultsAsync(503, 4, afterProcessing: false, CancellationToken.None);
        await (await admin.Client.PostJsonAsync("/api/v1/subscriptions", new { Plan = "pro" })).ReadErrorAsync(HttpStatusCode.ServiceUnavailable);
        await fixture.Stripe.ClearFaultsAsync(CancellationToken.None);
        Assert.Empty(await SubscriptionsAsync(admin));
        Assert.Equal("free", (await OrganizationAsync(admin)).GetString("plan"));

        // Stripe creates the subscription but the answers are lost: the API says 503, the retry gets the same one.
        await fixture.Stripe.InjectFaultsAsync(500, 4, afterProcessing: true, CancellationToken.None);
        await (await admin.Client.PostJsonAsync("/api/v1/subscriptions", new { Plan = "pro" })).ReadErrorAsync(HttpStatusCode.ServiceUnavailable);
        await fixture.Stripe.ClearFaultsAsync(CancellationToken.None);
        var created = await CreateSubscriptionAsync(admin, "pro");

        var customer = (await fixture.StripeGetAsync($"subscriptions/{created.GetString("id")}")).GetString("customer");
        var atStripe = await fixture.StripeGetAsync($"subscriptions?customer={customer}&status=all");
        Assert.Equal(created.GetString("id"), Assert.Single(atStripe.GetProperty("data").EnumerateArray()).GetString("id"));
        Assert.Equal(created.GetString("id"), Assert.Single(await SubscriptionsAsync(admin)).GetString("id"));
    }

    [Fact]
    public async Task Only_billing_and_org_admins_manage_billing_and_other_tenants_ids_are_not_found()
    {
        using var admin = await fixture.RegisterOrgAdminAsync();
        using var member = await fixture.AddMemberAsync(admin, "user");
        using var agent = await fixture.AddMemberAsync(admin, "support_agent");
        using var billingAdmin = await fixture.AddMemberAsync(admin, "billing_admin");
        foreach (var session in new[] { member, agent })
        {
            await (await session.Client.GetAsync("/api/v1/subscriptions")).ReadErrorAsync(HttpStatusCode.Forbidden);
            await (await session.Client.GetAsync("/api/v1/invoices")).ReadErrorAsync(HttpStatusCode.Forbidden);
            await (await session.Client.PostJsonAsync("/api/v1/subscriptions", new { Plan = "pro" })).ReadErrorAsync(HttpStatusCode.Forbidden);
            await (await session.Client.PostJsonAsync("/api/v1/billing/portal", new { ReturnUrl = "https://a.example/" })).ReadErrorAsync(HttpStatusCode.Forbidden);
        }

        await (await fixture.Client.GetAsync("/api/v1/subscriptions")).ReadErrorAsync(HttpStatusCode.Unauthorized);
        var created = await CreateSubscriptionAsync(billingAdmin, "pro");
        Assert.Equal("pro", (await OrganizationAsync(admin)).GetString("plan"));

        using var other = await fixture.RegisterOrgAdminAsync();
        await (await other.Client.PutJsonAsync($"/api/v1/subscriptions/{created.GetString("id")}", new { Plan = "enterprise" })).ReadErrorAsync(HttpStatusCode.NotFound);
        await (await other.Client.DeleteAsync($"/api/v1/subscriptions/{created.GetString("id")}")).ReadErrorAsync(HttpStatusCode.NotFound);
        await (await other.Client.GetAsync($"/api/v1/subscriptions?organization_id={admin.OrganizationId}")).ReadErrorAsync(HttpStatusCode.NotFound);
        Assert.Empty(await SubscriptionsAsync(other));
        Assert.Equal("active", (await SubscriptionsAsync(admin)).Single().GetString("status"));
    }

    [Fact]
    public async Task Bad_billing_input_is_400_and_changes_nothing()
    {
        using var admin = await fixture.RegisterOrgAdminAsync();
        var bad = new (string Method, string Url, string Body)[]
        {
            ("POST", "/api/v1/subscriptions", "{\"plan\": \"free\"}"),
            ("POST", "/api/v1/subscriptions", "{\"plan\": \"gold\"}"),
            ("POST", "/api/v1/subscriptions", "{\"plan\": 5}"),
            ("POST", "/api/v1/subscriptions", "{\"plan\": null}"),
            ("POST", "/api/v1/subscriptions", "{\"plan\": \"pro\", \"trial_days\": 0}"),
            ("POST", "/api/v1/subscriptions", "{\"plan\": \"pro\", \"trial_days\": 99999999999}"),
            ("POST", "/api/v1/subscriptions", "[]"),
            ("POST", "/api/v1/billing/checkout", "{\"plan\": \"pro\", \"success_url\": \"javascript:alert(1)\", \"cancel_url\": \"https://a.example/\"}"),
            ("POST", "/api/v1/billing/checkout", "{\"plan\": \"pro\", \"success_url\": \"https://a.example/\\u0000\", \"cancel_url\": \"https://a.example/\"}"),
            ("POST", "/api/v1/billing/checkout", "{\"plan\": \"pro\", \"success_url\": \"/relative\", \"cancel_url\": \"https://a.example/\"}"),
            ("POST", "/api/v1/billing/checkout", "{\"plan\": \"pro\"}"),
            ("POST", "/api/v1/billing/portal", "{\"return_url\": \"" + new string('a', 3000) + "\"}"),
            ("POST", "/api/v1/billing/portal", "{}"),
        };
        foreach (var (method, url, body) in bad)
        {
            await (await admin.Client.SendRawAsync(new HttpMethod(method), url, body)).ReadErrorAsync(HttpStatusCode.BadRequest);
        }

        await (await admin.Client.GetAsync("/api/v1/invoices?limit=0")).ReadErrorAsync(HttpStatusCode.BadRequest);
        await (await admin.Client.GetAsync("/api/v1/invoices?cursor=%%%")).ReadErrorAsync(HttpStatusCode.BadRequest);
        await (await admin.Client.PutJsonAsync("/api/v1/subscriptions/sub_unknown", new { Plan = "pro" })).ReadErrorAsync(HttpStatusCode.NotFound);
        await (await admin.Client.DeleteAsync("/api/v1/subscriptions/sub_unknown?immediately=maybe")).ReadErrorAsync(HttpStatusCode.BadRequest);
        await (await admin.Client.DeleteAsync("/api/v1/subscriptions/%E2%80%AE")).ReadErrorAsync(HttpStatusCode.NotFound);

        Assert.Empty(await SubscriptionsAsync(admin));
        Assert.Equal("free", (await OrganizationAsync(admin)).GetString("plan"));
        var second = await CreateSubscriptionAsync(admin, "pro");
        await (await admin.Client.PostJsonAsync("/api/v1/subscriptions", new { Plan = "enterprise" })).ReadErrorAsync(HttpStatusCode.Conflict);
        await (await admin.Client.PostJsonAsync("/api/v1/billing/checkout", new
        {
            Plan = "enterprise",
            SuccessUrl = "https://a.example/ok",
            CancelUrl = "https://a.example/no",
        })).ReadErrorAsync(HttpStatusCode.Conflict);
        Assert.Equal(second.GetString("id"), Assert.Single(await SubscriptionsAsync(admin)).GetString("id"));
    }

    [Fact]
    public async Task Valid_validations_are_reported_to_Stripe_once_per_period_with_an_idempotent_identifier()
    {
        using var admin = await fixture.RegisterOrgAdminAsync();
        var created = await CreateSubscriptionAsync(admin, "pro");
        var customer = (await fixture.StripeGetAsync($"subscriptions/{created.GetString("id")}")).GetString("customer");
        var key = await CreateKeyAsync(admin);
        const int validations = 7;
        for (var i = 0; i < validations; i++)
        {
            Assert.Equal("VALID", (await ValidateAsync(key)).GetString("code"));
        }

        // A rejected validation is not billed.
        Assert.Equal("INSUFFICIENT_SCOPE", (await ValidateAsync(key, scope: "admin:everything")).GetString("code"));

        // The first report's answer is lost; the retry carries the same identifier and Stripe keeps one event.
        await fixture.Stripe.InjectFaultsAsync(500, 1, afterProcessing: true, CancellationToken.None);
        IReadOnlyList<JsonElement> events = [];
        await Wait.ForAsync(
            async () =>
            {
                events = (await fixture.Stripe.MeterEventsAsync(CancellationToken.None))
                    .Where(e => e.GetProperty("payload").GetString("stripe_customer_id") == customer).ToList();
                return events.Sum(e => long.Parse(e.GetProperty("payload").GetString("value"), System.Globalization.CultureInfo.InvariantCulture)) >= validations;
            },
            "the usage report to reach Stripe",
            TimeSpan.FromSeconds(100));
        await fixture.Stripe.ClearFaultsAsync(CancellationToken.None);

        Assert.Equal(validations, events.Sum(e => long.Parse(e.GetProperty("payload").GetString("value"), System.Globalization.CultureInfo.InvariantCulture)));
        var identifiers = events.Select(e => e.GetString("identifier")).ToList();
        Assert.Equal(identifiers.Count, identifiers.Distinct().Count());
        Assert.All(identifiers, identifier => Assert.StartsWith(admin.OrganizationId!, identifier, StringComparison.Ordinal));
        Assert.All(events, e => Assert.Equal("vetrai_api_validations", e.GetString("event_name")));
    }

    private async Task<JsonElement> CreateSubscriptionAsync(TestSession session, string plan)
    {
        var created = await (await session.Client.PostJsonAsync("/api/v1/subscriptions", new { Plan = plan })).ReadJsonAsync(HttpStatusCode.Created);
        Assert.Equal("active", created.GetString("status"));
        Assert.Equal(plan, created.GetString("plan"));
        return created;
    }

    private static async Task<string> CreateKeyAsync(TestSession admin)
    {
        var created = await (await admin.Client.PostJsonAsync("/api/v1/keys", new { Name = "billing", Scopes = new[] { "read" } }))
            .ReadJsonAsync(HttpStatusCode.Created);
        return created.GetString("key");
    }

    private async Task<JsonElement> ValidateAsync(string key, string? scope = null) =>
        await (await fixture.Client.PostJsonAsync("/api/v1/keys/validate", new { Key = key, Scope = scope })).ReadJsonAsync();

    private static async Task<JsonElement> OrganizationAsync(TestSession session) =>
        await (await session.Client.GetAsync($"/api/v1/organizations/{session.OrganizationId}")).ReadJsonAsync();

    private static async Task<IReadOnlyList<JsonElement>> SubscriptionsAsync(TestSession session) =>
        (await (await session.Client.GetAsync("/api/v1/subscriptions")).ReadJsonAsync()).GetProperty("items").EnumerateArray().ToList();

    private async Task<JsonElement> WaitForSubscriptionAsync(TestSession session, Func<JsonElement, bool> condition)
    {
        JsonElement found = default;
        await Wait.ForAsync(
            async () =>
            {
                var match = (await SubscriptionsAsync(session)).Where(condition).ToList();
                found = match.FirstOrDefault();
                return match.Count > 0;
            },
            "the subscription to reach the expected state",
            _settle);
        return found;
    }

    private async Task<JsonElement> WaitForInvoiceAsync(TestSession session, Func<JsonElement, bool> condition)
    {
        JsonElement found = default;
        await Wait.ForAsync(
            async () =>
            {
                var invoices = (await (await session.Client.GetAsync("/api/v1/invoices")).ReadJsonAsync()).GetProperty("items").EnumerateArray();
                var match = invoices.Where(condition).ToList();
                found = match.FirstOrDefault();
                return match.Count > 0;
            },
            "an invoice in the expected state",
            _settle);
        return found;
    }

    /// <summary>The raw JSON of the account's event of <paramref name="type"/> about <paramref name="objectId"/>.</summary>
    private async Task<string> EventAsync(string type, string objectId)
    {
        string? raw = null;
        await Wait.ForAsync(
            async () =>
            {
                var list = await fixture.StripeGetAsync($"events?type={type}&limit=100");
                raw = list.GetProperty("data").EnumerateArray()
                    .Where(e => e.GetProperty("data").GetProperty("object").GetString("id") == objectId)
                    .Select(e => e.GetRawText())
                    .FirstOrDefault();
                return raw is not null;
            },
            $"the {type} event of {objectId}",
            _settle);
        return raw!;
    }

    /// <summary>A <c>customer.subscription.deleted</c> event for <paramref name="subscription"/>, created now.</summary>
    private static string CanceledEventFor(JsonElement subscription)
    {
        var canceled = JsonSerializer.Deserialize<Dictionary<string, JsonElement>>(subscription.GetRawText())!;
        canceled["status"] = JsonSerializer.SerializeToElement("canceled");
        var stripeEvent = new Dictionary<string, object>
        {
            ["id"] = $"evt_test{Guid.NewGuid():N}",
            ["object"] = "event",
            ["api_version"] = Stripe.StripeConfiguration.ApiVersion,
            ["created"] = DateTimeOffset.UtcNow.AddYears(1).ToUnixTimeSeconds(),
            ["data"] = new Dictionary<string, object> { ["object"] = canceled },
            ["livemode"] = false,
            ["pending_webhooks"] = 1,
            ["request"] = new Dictionary<string, object?> { ["id"] = null, ["idempotency_key"] = null },
            ["type"] = "customer.subscription.deleted",
        };
        return JsonSerializer.Serialize(stripeEvent);
    }
}
