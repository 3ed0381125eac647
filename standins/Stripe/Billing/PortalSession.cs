using System.Text.Json.Nodes;

namespace VetrAI.StripeStandIn.Billing;

internal sealed record PortalSession(string Id, long Created, string CustomerId, string? ReturnUrl)
{
    public JsonObject ToJson(Uri baseUrl) => new()
    {
        ["id"] = Id,
        ["object"] = "billing_portal.session",
        ["configuration"] = "bpc_standin_default",
        ["created"] = Created,
        ["customer"] = CustomerId,
        ["flow"] = null,
        ["livemode"] = false,
        ["locale"] = null,
        ["on_behalf_of"] = null,
        ["return_url"] = ReturnUrl,
        ["url"] = new Uri(baseUrl, $"billing_portal/{Id}").ToString(),
    };
}
