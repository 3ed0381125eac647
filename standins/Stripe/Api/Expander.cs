using System.Text.Json.Nodes;
using VetrAI.StripeStandIn.Accounts;
using VetrAI.StripeStandIn.Billing;

namespace VetrAI.StripeStandIn.Api;

/// <summary>Stripe's <c>expand[]</c>: an id at a dotted path (<c>latest_invoice</c>, <c>data.customer</c>) is
/// replaced by the object it names.</summary>
internal static class Expander
{
    public static void Apply(Account account, JsonObject root, IEnumerable<string> paths)
    {
        foreach (var path in paths)
        {
            Expand(account, root, path.Split('.'), 0);
        }
    }

    private static void Expand(Account account, JsonNode? node, string[] segments, int index)
    {
        if (node is JsonArray array)
        {
            foreach (var item in array)
            {
                Expand(account, item, segments, index);
            }

            return;
        }

        if (node is not JsonObject json || !json.ContainsKey(segments[index]))
        {
            return;
        }

        var key = segments[index];
        if (index < segments.Length - 1)
        {
            Expand(account, json[key], segments, index + 1);
        }
        else if (json[key] is JsonValue value && value.TryGetValue<string>(out var id) && Find(account, id) is { } found)
        {
            json[key] = found;
        }
    }

    private static JsonObject? Find(Account account, string id) => id[..(id.IndexOf('_', StringComparison.Ordinal) + 1)] switch
    {
        "cus_" => account.Customers.Find(id)?.ToJson(),
        "sub_" => account.Subscriptions.Find(id)?.ToJson(),
        "in_" => account.Invoices.Find(id)?.ToJson(account.Options.Url),
        "cs_" => account.CheckoutSessions.Find(id)?.ToJson(account.Options.Url),
        "price_" => account.Options.Prices.TryGetValue(id, out var price) ? Prices.PriceJson(price) : null,
        _ => null,
    };
}
