using System.Text.Json.Nodes;

namespace VetrAI.StripeStandIn.Webhooks;

internal sealed class WebhookEndpoint
{
    public required string Id { get; init; }

    public required long Created { get; init; }

    public required string Secret { get; init; }

    public required Uri Url { get; set; }

    public required List<string> EnabledEvents { get; set; }

    public string? Description { get; set; }

    public bool Disabled { get; set; }

    public bool Deleted { get; set; }

    public bool Wants(string eventType) => !Disabled && !Deleted && EnabledEvents.Any(e => e == "*" || e == eventType);

    /// <summary>The secret is shown once, in the answer to the create call, as Stripe does.</summary>
    public JsonObject ToJson(bool withSecret = false)
    {
        var json = new JsonObject
        {
            ["id"] = Id,
            ["object"] = "webhook_endpoint",
            ["api_version"] = null,
            ["application"] = null,
            ["created"] = Created,
            ["description"] = Description,
            ["enabled_events"] = new JsonArray([.. EnabledEvents.Select(e => (JsonNode)e)]),
            ["livemode"] = false,
            ["metadata"] = new JsonObject(),
            ["status"] = Disabled ? "disabled" : "enabled",
            ["url"] = Url.ToString(),
        };
        if (withSecret)
        {
            json["secret"] = Secret;
        }

        return json;
    }
}
