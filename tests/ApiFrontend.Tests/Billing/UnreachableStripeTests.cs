using System.Globalization;
using System.Net;
using VetrAI.ApiFrontend.Tests.Infrastructure;
using VetrAI.TestSupport;

namespace VetrAI.ApiFrontend.Tests.Billing;

/// <summary>A front end whose Stripe cannot be reached (nothing listens at its API base) and which has no webhook
/// secret.</summary>
public sealed class UnreachableStripeFixture : ApiFixture
{
    protected override void Configure(TestFrontendOptions options)
    {
        var closed = FreePorts.Take(1)[0].ToString(CultureInfo.InvariantCulture);
        options.Settings["VETRAI_STRIPE_API_BASE"] = $"http://127.0.0.1:{closed}";
        options.Settings["VETRAI_STRIPE_SECRET_KEY"] = "sk_test_unreachable";
        options.Settings["VETRAI_STRIPE_PRICE_PRO"] = BillingFixture.ProPrice;
        options.Settings["VETRAI_STRIPE_PRICE_ENTERPRISE"] = BillingFixture.EnterprisePrice;
    }
}

public sealed class UnreachableStripeTests(UnreachableStripeFixture fixture) : IClassFixture<UnreachableStripeFixture>
{
    [Fact]
    public async Task Stripe_unreachable_answers_503_with_the_standard_body_and_writes_nothing()
    {
        using var admin = await fixture.RegisterOrgAdminAsync();
        await (await admin.Client.PostJsonAsync("/api/v1/subscriptions", new { Plan = "pro", TrialDays = 7 })).ReadErrorAsync(HttpStatusCode.ServiceUnavailable);
        await (await admin.Client.PostJsonAsync("/api/v1/billing/checkout", new
        {
            Plan = "pro",
            SuccessUrl = "https://a.example/ok",
            CancelUrl = "https://a.example/no",
        })).ReadErrorAsync(HttpStatusCode.ServiceUnavailable);
        await (await admin.Client.PostJsonAsync("/api/v1/billing/portal", new { ReturnUrl = "https://a.example/" })).ReadErrorAsync(HttpStatusCode.ServiceUnavailable);

        var subscriptions = await (await admin.Client.GetAsync("/api/v1/subscriptions")).ReadJsonAsync();
        Assert.Empty(subscriptions.GetProperty("items").EnumerateArray());
        var organization = await (await admin.Client.GetAsync($"/api/v1/organizations/{admin.OrganizationId}")).ReadJsonAsync();
        Assert.Equal("free", organization.GetString("plan"));
    }

    [Fact]
    public async Task Webhooks_without_a_signing_secret_are_refused_with_503_so_Stripe_retries_them()
    {
        using var response = await fixture.Client.SendRawAsync(HttpMethod.Post, "/api/v1/webhooks/stripe", "{\"id\": \"evt_1\"}");
        await response.ReadErrorAsync(HttpStatusCode.ServiceUnavailable);
    }
}
