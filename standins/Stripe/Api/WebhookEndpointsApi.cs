using System.Text.Json.Nodes;
using VetrAI.StripeStandIn.Webhooks;
using VetrAI.StripeStandIn.Wire;

namespace VetrAI.StripeStandIn.Api;

internal static class WebhookEndpointsApi
{
    public static ApiRoutes MapWebhookEndpoints(this ApiRoutes routes) => routes
        .Add("POST", "webhook_endpoints", Create)
        .Add("GET", "webhook_endpoints", call =>
            StripeJson.Page("/v1/webhook_endpoints", call.Account.WebhookEndpoints.NewestFirst(), e => e.Id, e => e.ToJson(), call.Params))
        .Add("GET", "webhook_endpoints/{id}", call => Find(call).ToJson())
        .Add("POST", "webhook_endpoints/{id}", Update)
        .Add("DELETE", "webhook_endpoints/{id}", Delete);

    private static JsonObject Create(ApiCall call)
    {
        var p = call.Params;
        var endpoint = new WebhookEndpoint
        {
            Id = Ids.New("we"),
            Created = call.Account.NowUnix,
            Secret = Ids.New("whsec", 32),
            Url = Url(p.Get("url")) ?? throw StripeError.Required("url"),
            EnabledEvents = EnabledEvents(p.GetStrings("enabled_events")) ?? throw StripeError.Required("enabled_events"),
            Description = p.Get("description"),
        };
        call.Account.WebhookEndpoints.Add(endpoint);
        return endpoint.ToJson(withSecret: true);
    }

    private static JsonObject Update(ApiCall call)
    {
        var p = call.Params;
        var endpoint = Find(call);
        var url = Url(p.Get("url"));
        var events = EnabledEvents(p.GetStrings("enabled_events"));
        var disabled = p.GetBool("disabled");
        endpoint.Url = url ?? endpoint.Url;
        endpoint.EnabledEvents = events ?? endpoint.EnabledEvents;
        endpoint.Disabled = disabled ?? endpoint.Disabled;
        endpoint.Description = p.Get("description") ?? endpoint.Description;
        return endpoint.ToJson();
    }

    private static JsonObject Delete(ApiCall call)
    {
        var endpoint = Find(call);
        endpoint.Deleted = true;
        call.Account.WebhookEndpoints.Remove(endpoint.Id);
        return new JsonObject { ["id"] = endpoint.Id, ["object"] = "webhook_endpoint", ["deleted"] = true };
    }

    private static Uri? Url(string? text)
    {
        if (text is null)
        {
            return null;
        }

        return Uri.TryCreate(text, UriKind.Absolute, out var url) && (url.Scheme == Uri.UriSchemeHttp || url.Scheme == Uri.UriSchemeHttps)
            ? url
            : throw StripeError.Invalid($"Invalid URL: {text}", "url");
    }

    private static List<string>? EnabledEvents(List<string>? events) =>
        events is null ? null : events.Count > 0 ? events : throw StripeError.Required("enabled_events");

    private static WebhookEndpoint Find(ApiCall call) =>
        call.Account.WebhookEndpoints.Find(call.RequireId) ?? throw StripeError.Missing("webhook_endpoint", call.RequireId);
}
