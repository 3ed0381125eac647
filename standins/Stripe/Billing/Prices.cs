using System.Globalization;
using System.Text.Json.Nodes;
using VetrAI.StripeStandIn.Wire;

namespace VetrAI.StripeStandIn.Billing;

/// <summary>The price and (legacy) plan objects of the configured prices: monthly, licensed, per unit.</summary>
internal static class Prices
{
    /// <summary>When the prices "were created": the stand-in's start.</summary>
    private static readonly long Created = DateTimeOffset.UtcNow.ToUnixTimeSeconds();

    public static PriceDefinition Require(StandInOptions options, string? id, string param)
    {
        if (string.IsNullOrEmpty(id))
        {
            throw StripeError.Required(param);
        }

        return options.Prices.TryGetValue(id, out var price) ? price : throw StripeError.MissingParam("price", id, param);
    }

    public static JsonObject PriceJson(PriceDefinition price) => new()
    {
        ["id"] = price.Id,
        ["object"] = "price",
        ["active"] = true,
        ["billing_scheme"] = "per_unit",
        ["created"] = Created,
        ["currency"] = price.Currency,
        ["custom_unit_amount"] = null,
        ["livemode"] = false,
        ["lookup_key"] = null,
        ["metadata"] = new JsonObject(),
        ["nickname"] = null,
        ["product"] = price.ProductId,
        ["recurring"] = new JsonObject
        {
            ["interval"] = "month",
            ["interval_count"] = 1,
            ["meter"] = null,
            ["trial_period_days"] = null,
            ["usage_type"] = "licensed",
        },
        ["tax_behavior"] = "unspecified",
        ["tiers_mode"] = null,
        ["transform_quantity"] = null,
        ["type"] = "recurring",
        ["unit_amount"] = price.UnitAmount,
        ["unit_amount_decimal"] = price.UnitAmount.ToString(CultureInfo.InvariantCulture),
    };

    public static JsonObject PlanJson(PriceDefinition price) => new()
    {
        ["id"] = price.Id,
        ["object"] = "plan",
        ["active"] = true,
        ["amount"] = price.UnitAmount,
        ["amount_decimal"] = price.UnitAmount.ToString(CultureInfo.InvariantCulture),
        ["billing_scheme"] = "per_unit",
        ["created"] = Created,
        ["currency"] = price.Currency,
        ["interval"] = "month",
        ["interval_count"] = 1,
        ["livemode"] = false,
        ["metadata"] = new JsonObject(),
        ["meter"] = null,
        ["nickname"] = null,
        ["product"] = price.ProductId,
        ["tiers_mode"] = null,
        ["transform_usage"] = null,
        ["trial_period_days"] = null,
        ["usage_type"] = "licensed",
    };
}
