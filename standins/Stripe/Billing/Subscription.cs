using System.Text.Json.Nodes;
using VetrAI.StripeStandIn.Wire;

namespace VetrAI.StripeStandIn.Billing;

internal sealed class SubscriptionItem
{
    public required string Id { get; init; }

    public required long Created { get; init; }

    public required PriceDefinition Price { get; set; }

    public long Quantity { get; set; } = 1;
}

internal sealed class Subscription
{
    public required string Id { get; init; }

    public required string CustomerId { get; init; }

    public required long Created { get; init; }

    public required List<SubscriptionItem> Items { get; init; }

    /// <summary>incomplete, incomplete_expired, trialing, active, past_due, unpaid, canceled.</summary>
    public string Status { get; set; } = "incomplete";

    /// <summary>The current period (or trial), shared by every item: Stripe puts it on the items since 2025-03-31.</summary>
    public long PeriodStart { get; set; }

    public long PeriodEnd { get; set; }

    public long BillingCycleAnchor { get; set; }

    public long? TrialStart { get; set; }

    public long? TrialEnd { get; set; }

    public bool CancelAtPeriodEnd { get; set; }

    public long? CancelAt { get; set; }

    public long? CanceledAt { get; set; }

    public long? EndedAt { get; set; }

    public string? CancellationReason { get; set; }

    public string? LatestInvoiceId { get; set; }

    public Dictionary<string, string> Metadata { get; set; } = new(StringComparer.Ordinal);

    public string Currency => Items[0].Price.Currency;

    public long Amount => Items.Sum(item => item.Price.UnitAmount * item.Quantity);

    public bool IsOver => Status is "canceled" or "incomplete_expired";

    public JsonObject ToJson() => new()
    {
        ["id"] = Id,
        ["object"] = "subscription",
        ["application"] = null,
        ["application_fee_percent"] = null,
        ["automatic_tax"] = new JsonObject { ["disabled_reason"] = null, ["enabled"] = false, ["liability"] = null },
        ["billing_cycle_anchor"] = BillingCycleAnchor,
        ["billing_cycle_anchor_config"] = null,
        ["billing_mode"] = new JsonObject { ["flexible"] = null, ["type"] = "classic" },
        ["billing_thresholds"] = null,
        ["cancel_at"] = CancelAt,
        ["cancel_at_period_end"] = CancelAtPeriodEnd,
        ["canceled_at"] = CanceledAt,
        ["cancellation_details"] = new JsonObject { ["comment"] = null, ["feedback"] = null, ["reason"] = CancellationReason },
        ["collection_method"] = "charge_automatically",
        ["created"] = Created,
        ["currency"] = Currency,
        ["customer"] = CustomerId,
        ["days_until_due"] = null,
        ["default_payment_method"] = null,
        ["default_source"] = null,
        ["default_tax_rates"] = new JsonArray(),
        ["description"] = null,
        ["discounts"] = new JsonArray(),
        ["ended_at"] = EndedAt,
        ["invoice_settings"] = new JsonObject { ["account_tax_ids"] = null, ["issuer"] = new JsonObject { ["type"] = "self" } },
        ["items"] = StripeJson.List($"/v1/subscription_items?subscription={Id}", Items.Select(ItemJson), hasMore: false, totalCount: Items.Count),
        ["latest_invoice"] = LatestInvoiceId,
        ["livemode"] = false,
        ["metadata"] = StripeJson.Metadata(Metadata),
        ["next_pending_invoice_item_invoice"] = null,
        ["on_behalf_of"] = null,
        ["pause_collection"] = null,
        ["payment_settings"] = new JsonObject
        {
            ["payment_method_options"] = null,
            ["payment_method_types"] = null,
            ["save_default_payment_method"] = "off",
        },
        ["pending_invoice_item_interval"] = null,
        ["pending_setup_intent"] = null,
        ["pending_update"] = null,
        ["schedule"] = null,
        ["start_date"] = Created,
        ["status"] = Status,
        ["test_clock"] = null,
        ["transfer_data"] = null,
        ["trial_end"] = TrialEnd,
        ["trial_settings"] = new JsonObject
        {
            ["end_behavior"] = new JsonObject { ["missing_payment_method"] = "create_invoice" },
        },
        ["trial_start"] = TrialStart,
    };

    private JsonNode ItemJson(SubscriptionItem item) => new JsonObject
    {
        ["id"] = item.Id,
        ["object"] = "subscription_item",
        ["billing_thresholds"] = null,
        ["created"] = item.Created,
        ["current_period_end"] = PeriodEnd,
        ["current_period_start"] = PeriodStart,
        ["discounts"] = new JsonArray(),
        ["metadata"] = new JsonObject(),
        ["plan"] = Prices.PlanJson(item.Price),
        ["price"] = Prices.PriceJson(item.Price),
        ["quantity"] = item.Quantity,
        ["subscription"] = Id,
        ["tax_rates"] = new JsonArray(),
    };
}
