using System.Text.Json.Nodes;
using VetrAI.StripeStandIn.Wire;

namespace VetrAI.StripeStandIn.Api;

internal static class EventsApi
{
    public static ApiRoutes MapEvents(this ApiRoutes routes) => routes
        .Add("GET", "events", List)
        .Add("GET", "events/{id}", call =>
            (call.Account.Events.Find(call.RequireId) ?? throw StripeError.Missing("event", call.RequireId)).CurrentJson());

    private static JsonObject List(ApiCall call)
    {
        var type = call.Params.Get("type");
        var types = call.Params.GetStrings("types");
        // "invoice.*" matches every invoice event, as Stripe's filter does.
        bool Matches(string eventType, string pattern) =>
            pattern.EndsWith(".*", StringComparison.Ordinal) ? eventType.StartsWith(pattern[..^1], StringComparison.Ordinal) : eventType == pattern;
        var events = call.Account.Events.NewestFirst(e =>
            (type is null || Matches(e.Type, type)) && (types is null || types.Any(t => Matches(e.Type, t))));
        return StripeJson.Page("/v1/events", events, e => e.Id, e => e.CurrentJson(), call.Params);
    }
}
