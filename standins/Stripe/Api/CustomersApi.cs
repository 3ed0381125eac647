using System.Text.Json.Nodes;
using VetrAI.StripeStandIn.Billing;
using VetrAI.StripeStandIn.Wire;

namespace VetrAI.StripeStandIn.Api;

internal static class CustomersApi
{
    public static ApiRoutes MapCustomers(this ApiRoutes routes) => routes
        .Add("POST", "customers", Create)
        .Add("GET", "customers", List)
        .Add("GET", "customers/{id}", call => Find(call).ToJson())
        .Add("POST", "customers/{id}", Update)
        .Add("GET", "prices", call => StripeJson.Page("/v1/prices", [.. call.Options.Prices.Values], p => p.Id, p => Prices.PriceJson(p), call.Params))
        .Add("GET", "prices/{id}", call => call.Options.Prices.TryGetValue(call.RequireId, out var price)
            ? Prices.PriceJson(price)
            : throw StripeError.Missing("price", call.RequireId));

    /// <summary>Merges Stripe-style metadata changes: a key with an empty value is removed.</summary>
    public static Dictionary<string, string> MergeMetadata(Dictionary<string, string> current, Dictionary<string, string>? changes)
    {
        if (changes is null)
        {
            return current;
        }

        var merged = changes.Count == 0 ? new Dictionary<string, string>(StringComparer.Ordinal) : new Dictionary<string, string>(current, StringComparer.Ordinal);
        foreach (var (key, value) in changes)
        {
            if (value.Length == 0)
            {
                merged.Remove(key);
            }
            else
            {
                merged[key] = value;
            }
        }

        return merged;
    }

    private static JsonObject Create(ApiCall call)
    {
        var account = call.Account;
        var customer = new Customer
        {
            Id = Ids.New("cus", 14),
            Created = account.NowUnix,
            Email = call.Params.Get("email"),
            Name = call.Params.Get("name"),
            Metadata = MergeMetadata(new(StringComparer.Ordinal), call.Params.GetMap("metadata")),
        };
        account.Customers.Add(customer);
        var json = customer.ToJson();
        account.Emit("customer.created", json);
        return json;
    }

    private static JsonObject List(ApiCall call)
    {
        var email = call.Params.Get("email");
        var customers = call.Account.Customers.NewestFirst(c => email is null || c.Email == email);
        return StripeJson.Page("/v1/customers", customers, c => c.Id, c => c.ToJson(), call.Params);
    }

    private static JsonObject Update(ApiCall call)
    {
        var customer = Find(call);
        var before = customer.ToJson();
        if (call.Params.Get("email") is { } email)
        {
            customer.Email = email.Length == 0 ? null : email;
        }

        if (call.Params.Get("name") is { } name)
        {
            customer.Name = name.Length == 0 ? null : name;
        }

        customer.Metadata = MergeMetadata(customer.Metadata, call.Params.GetMap("metadata"));
        var after = customer.ToJson();
        call.Account.EmitUpdated("customer.updated", before, after);
        return after;
    }

    private static Customer Find(ApiCall call) =>
        call.Account.Customers.Find(call.RequireId) ?? throw StripeError.Missing("customer", call.RequireId);
}
