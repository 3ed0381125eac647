using System.Text.Json.Nodes;
using VetrAI.StripeStandIn.Wire;

namespace VetrAI.StripeStandIn.Billing;

internal sealed record MeterEvent(string EventName, string Identifier, long Created, long Timestamp, Dictionary<string, string> Payload)
{
    /// <summary>Real time of receipt, for the identifier's uniqueness window (not the account's test clock).</summary>
    public DateTimeOffset ReceivedAt { get; init; }

    public JsonObject ToJson() => new()
    {
        ["object"] = "billing.meter_event",
        ["created"] = Created,
        ["event_name"] = EventName,
        ["identifier"] = Identifier,
        ["livemode"] = false,
        ["payload"] = StripeJson.Metadata(Payload),
        ["timestamp"] = Timestamp,
    };
}
