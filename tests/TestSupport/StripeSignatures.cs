using System.Globalization;
using System.Security.Cryptography;
using System.Text;

namespace VetrAI.TestSupport;

/// <summary>Signs a webhook payload the way Stripe does, so tests can send events of their own making (replays,
/// races, forgeries) to VetrAI.</summary>
public static class StripeSignatures
{
    /// <summary>The <c>Stripe-Signature</c> header for <paramref name="payload"/>: <c>t=&lt;unix seconds&gt;,v1=&lt;hex
    /// HMAC-SHA256 of "t.payload" under <paramref name="secret"/>&gt;</c>.</summary>
    public static string Sign(string payload, string secret, DateTimeOffset timestamp)
    {
        ArgumentNullException.ThrowIfNull(payload);
        ArgumentNullException.ThrowIfNull(secret);
        var t = timestamp.ToUnixTimeSeconds().ToString(CultureInfo.InvariantCulture);
        var mac = HMACSHA256.HashData(Encoding.UTF8.GetBytes(secret), Encoding.UTF8.GetBytes($"{t}.{payload}"));
        return $"t={t},v1={Convert.ToHexStringLower(mac)}";
    }

    /// <summary><paramref name="rawEvent"/> under a new event id, as if Stripe had sent the same change twice.</summary>
    public static string WithNewId(string rawEvent)
    {
        using var document = System.Text.Json.JsonDocument.Parse(rawEvent);
        var id = document.RootElement.GetProperty("id").GetString()!;
        return rawEvent.Replace(id, $"evt_test{Guid.NewGuid():N}", StringComparison.Ordinal);
    }

    /// <summary>The same event as a new delivery (a new id) created <paramref name="earlier"/> before the
    /// original: unambiguously older than anything that happened after the original, even within its second.</summary>
    public static string WithNewIdCreatedEarlier(string rawEvent, TimeSpan earlier)
    {
        var node = System.Text.Json.Nodes.JsonNode.Parse(WithNewId(rawEvent))!;
        node["created"] = node["created"]!.GetValue<long>() - (long)earlier.TotalSeconds;
        return node.ToJsonString();
    }
}
