using System.Text.Json;
using System.Text.Json.Nodes;

namespace VetrAI.StripeStandIn.Wire;

/// <summary>JSON pieces every object shares: list envelopes, metadata, diffs for <c>previous_attributes</c>.</summary>
internal static class StripeJson
{
    public static readonly JsonSerializerOptions Options = new() { WriteIndented = true };

    public static JsonObject Metadata(IReadOnlyDictionary<string, string> metadata)
    {
        var json = new JsonObject();
        foreach (var (key, value) in metadata)
        {
            json[key] = value;
        }

        return json;
    }

    public static JsonObject List(string url, IEnumerable<JsonNode> data, bool hasMore, long? totalCount = null)
    {
        var list = new JsonObject
        {
            ["object"] = "list",
            ["data"] = new JsonArray([.. data]),
            ["has_more"] = hasMore,
            ["url"] = url,
        };
        if (totalCount is not null)
        {
            list["total_count"] = totalCount;
        }

        return list;
    }

    /// <summary>Stripe's pagination over a newest-first list: <c>limit</c> (1 to 100, default 10) and
    /// <c>starting_after</c>/<c>ending_before</c> (an id in the list).</summary>
    public static JsonObject Page<T>(string url, IReadOnlyList<T> newestFirst, Func<T, string> id, Func<T, JsonNode> json, FormParams query)
    {
        var limit = query.GetLong("limit") ?? 10;
        if (limit is < 1 or > 100)
        {
            throw StripeError.Invalid("Invalid limit: must be between 1 and 100", "limit");
        }

        var start = 0;
        var end = newestFirst.Count;
        if (query.Get("starting_after") is { Length: > 0 } after)
        {
            var index = IndexOf(newestFirst, id, after, "starting_after");
            start = index + 1;
        }
        else if (query.Get("ending_before") is { Length: > 0 } before)
        {
            end = IndexOf(newestFirst, id, before, "ending_before");
            start = Math.Max(0, end - (int)limit);
        }

        var page = newestFirst.Skip(start).Take(Math.Min((int)limit, end - start)).Select(json).ToList();
        var hasMore = query.Get("ending_before") is { Length: > 0 } ? start > 0 : start + page.Count < end;
        return List(url, page, hasMore);
    }

    private static int IndexOf<T>(IReadOnlyList<T> items, Func<T, string> id, string wanted, string param)
    {
        for (var i = 0; i < items.Count; i++)
        {
            if (id(items[i]) == wanted)
            {
                return i;
            }
        }

        throw StripeError.MissingParam("object", wanted, param);
    }

    /// <summary>The top-level attributes of <paramref name="before"/> that differ in <paramref name="after"/>,
    /// with their old values: an update event's <c>data.previous_attributes</c>.</summary>
    public static JsonObject PreviousAttributes(JsonObject before, JsonObject after)
    {
        var previous = new JsonObject();
        foreach (var (key, value) in before)
        {
            if (!JsonNode.DeepEquals(value, after[key]))
            {
                previous[key] = value?.DeepClone();
            }
        }

        return previous;
    }

    public static string Money(long cents, string currency) =>
        currency == "usd" ? $"${cents / 100}.{Math.Abs(cents % 100):00}" : $"{cents / 100}.{Math.Abs(cents % 100):00} {currency.ToUpperInvariant()}";
}
