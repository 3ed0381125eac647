using System.Text.Json.Nodes;
using VetrAI.StripeStandIn.Billing;
using VetrAI.StripeStandIn.Wire;

namespace VetrAI.StripeStandIn.Api;

internal static class MeterEventsApi
{
    /// <summary>Stripe enforces an identifier's uniqueness "within a rolling period of at least 24 hours".</summary>
    private static readonly TimeSpan IdentifierWindow = TimeSpan.FromHours(24);

    public static ApiRoutes MapMeterEvents(this ApiRoutes routes) => routes.Add("POST", "billing/meter_events", Create);

    private static JsonObject Create(ApiCall call)
    {
        var p = call.Params;
        var eventName = p.Get("event_name");
        if (string.IsNullOrEmpty(eventName))
        {
            throw StripeError.Required("event_name");
        }

        if (p.GetMap("payload") is not { Count: > 0 } payload)
        {
            throw StripeError.Required("payload");
        }

        var account = call.Account;
        var identifier = p.Get("identifier") is { Length: > 0 } given ? given : Guid.NewGuid().ToString();
        var since = DateTimeOffset.UtcNow - IdentifierWindow;
        if (account.MeterEvents.Any(e => e.Identifier == identifier && e.ReceivedAt > since))
        {
            // What Stripe answers (400, and its client is told not to retry): see README.md.
            throw new StripeError(400, "invalid_request_error", $"An event already exists with identifier {identifier}.", param: "identifier")
            {
                ShouldRetry = false,
            };
        }

        var meterEvent = new MeterEvent(eventName, identifier, account.NowUnix, p.GetLong("timestamp") ?? account.NowUnix, payload)
        {
            ReceivedAt = DateTimeOffset.UtcNow,
        };
        account.MeterEvents.Add(meterEvent);
        return meterEvent.ToJson();
    }
}
