using System.Text.Json.Nodes;

namespace VetrAI.StripeStandIn.Webhooks;

/// <summary>An event as created, with its JSON body fixed at creation (a resend sends the same body), and every
/// attempt to deliver it.</summary>
internal sealed class StoredEvent
{
    public required string Id { get; init; }

    public required string Type { get; init; }

    public required long Created { get; init; }

    public required JsonObject Json { get; init; }

    /// <summary>The exact bytes sent (and signed) to every endpoint.</summary>
    public required string Body { get; init; }

    /// <summary>Endpoints still to reach (Stripe's <c>pending_webhooks</c>); guarded by the account's gate.</summary>
    public HashSet<string> PendingEndpoints { get; } = new(StringComparer.Ordinal);

    public List<DeliveryAttempt> Attempts { get; } = [];

    public JsonObject CurrentJson()
    {
        var json = (JsonObject)Json.DeepClone();
        json["pending_webhooks"] = PendingEndpoints.Count;
        return json;
    }
}

internal sealed record DeliveryAttempt(string EndpointId, string Url, int Attempt, int? StatusCode, string? Error, DateTimeOffset At, bool Final)
{
    public JsonObject ToJson() => new()
    {
        ["endpoint"] = EndpointId,
        ["url"] = Url,
        ["attempt"] = Attempt,
        ["status_code"] = StatusCode,
        ["error"] = Error,
        ["at"] = At.ToUnixTimeMilliseconds(),
        ["final_failure"] = Final,
    };
}
