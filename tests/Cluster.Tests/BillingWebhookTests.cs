using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using VetrAI.TestSupport;

namespace VetrAI.Cluster.Tests;

/// <summary>Stripe may deliver one event more than once, at the same time, to different front ends: the
/// organization's billing grain, one activation in the cluster, applies it once.</summary>
[Collection(FrontendCollection.Name)]
public sealed class BillingWebhookTests(FrontendCluster shared)
{
    [Fact]
    public async Task One_event_delivered_at_once_through_two_front_ends_is_applied_once_and_leaves_one_subscription()
    {
        var token = await RegisterOrganizationAdminAsync(shared.First.Http);
        using var create = Authorized(HttpMethod.Post, "/api/v1/subscriptions", token, JsonContent.Create(new { plan = "pro" }));
        using var created = await shared.First.Http.SendAsync(create);
        var createdText = await created.Content.ReadAsStringAsync();
        Assert.True(created.StatusCode == HttpStatusCode.Created, createdText);
        var subscriptionId = JsonDocument.Parse(createdText).RootElement.GetProperty("id").GetString()!;

        var creation = await CreationEventAsync(subscriptionId);
        var duplicate = StripeSignatures.WithNewId(creation);
        var outcomes = await Task.WhenAll(Enumerable.Range(0, 8).Select(i => PostEventAsync(i % 2 == 0 ? shared.First : shared.Second, duplicate)));
        Assert.Equal(7, outcomes.Count(outcome => outcome == "duplicate"));

        using var list = Authorized(HttpMethod.Get, "/api/v1/subscriptions", token);
        using var listed = await shared.Second.Http.SendAsync(list);
        var items = JsonDocument.Parse(await listed.Content.ReadAsStringAsync()).RootElement.GetProperty("items");
        var only = Assert.Single(items.EnumerateArray());
        Assert.Equal(subscriptionId, only.GetProperty("id").GetString());
        Assert.Equal("active", only.GetProperty("status").GetString());
    }

    private async Task<string> CreationEventAsync(string subscriptionId)
    {
        string? raw = null;
        await Wait.UntilAsync(
            async () =>
            {
                raw = (await shared.Stripe.EventsAsync())
                    .Where(e => e.Type == "customer.subscription.created"
                        && e.Json.GetProperty("data").GetProperty("object").GetProperty("id").GetString() == subscriptionId)
                    .Select(e => e.Json.GetRawText())
                    .FirstOrDefault();
                return raw is not null;
            },
            TimeSpan.FromSeconds(20),
            "the stand-in to record the subscription's creation");
        return raw!;
    }

    private async Task<string> PostEventAsync(FrontendProcess frontend, string payload)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, new Uri("/api/v1/webhooks/stripe", UriKind.Relative))
        {
            Content = new StringContent(payload, Encoding.UTF8, "application/json"),
        };
        request.Headers.TryAddWithoutValidation("Stripe-Signature", StripeSignatures.Sign(payload, shared.Stripe.WebhookSecret, DateTimeOffset.UtcNow));
        using var response = await frontend.Http.SendAsync(request);
        var text = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == HttpStatusCode.OK, text);
        return JsonDocument.Parse(text).RootElement.GetProperty("outcome").GetString()!;
    }

    private static async Task<string> RegisterOrganizationAdminAsync(HttpClient http)
    {
        using var registered = await http.PostAsJsonAsync(new Uri("/api/v1/register", UriKind.Relative), new
        {
            email = $"billing-{Guid.NewGuid():N}@cluster.test",
            password = "Billing-Passw0rd!-cluster",
            full_name = "Billing Admin",
            organization_name = "Billing Org " + Guid.NewGuid().ToString("N")[..6],
        });
        var text = await registered.Content.ReadAsStringAsync();
        Assert.True(registered.IsSuccessStatusCode, text);
        return JsonDocument.Parse(text).RootElement.GetProperty("access_token").GetString()!;
    }

    private static HttpRequestMessage Authorized(HttpMethod method, string path, string token, HttpContent? content = null)
    {
        var request = new HttpRequestMessage(method, new Uri(path, UriKind.Relative)) { Content = content };
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token);
        return request;
    }
}
