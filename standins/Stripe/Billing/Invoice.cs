using System.Globalization;
using System.Text.Json.Nodes;
using VetrAI.StripeStandIn.Wire;

namespace VetrAI.StripeStandIn.Billing;

internal sealed record InvoiceLine(
    string Id, long Amount, string Description, PriceDefinition Price, long Quantity, long PeriodStart, long PeriodEnd,
    string SubscriptionItemId, bool Proration);

internal sealed class Invoice
{
    public required string Id { get; init; }

    public required string CustomerId { get; init; }

    public required string SubscriptionId { get; init; }

    public required string Number { get; init; }

    public required long Created { get; init; }

    public required string Currency { get; init; }

    /// <summary>subscription_create, subscription_cycle, subscription_update.</summary>
    public required string BillingReason { get; init; }

    public required List<InvoiceLine> Lines { get; init; }

    public required long PeriodStart { get; init; }

    public required long PeriodEnd { get; init; }

    /// <summary>The subscription's metadata when the invoice was made (<c>parent.subscription_details.metadata</c>).</summary>
    public required Dictionary<string, string> SubscriptionMetadata { get; init; }

    public string? CustomerEmail { get; init; }

    public string? CustomerName { get; init; }

    /// <summary>draft, open, paid, uncollectible, void.</summary>
    public string Status { get; set; } = "draft";

    public long AmountPaid { get; set; }

    public long AttemptCount { get; set; }

    public long? FinalizedAt { get; set; }

    public long? PaidAt { get; set; }

    public long Total => Lines.Sum(line => line.Amount);

    /// <summary>A credit (a downgrade's proration) is owed to the customer, not charged: nothing is due.</summary>
    public long AmountDue => Math.Max(0, Total);

    public JsonObject ToJson(Uri baseUrl) => new()
    {
        ["id"] = Id,
        ["object"] = "invoice",
        ["account_country"] = "US",
        ["account_name"] = "VetrAI (Stripe stand-in)",
        ["account_tax_ids"] = null,
        ["amount_due"] = AmountDue,
        ["amount_overpaid"] = 0,
        ["amount_paid"] = AmountPaid,
        ["amount_remaining"] = Status is "paid" or "void" ? 0 : AmountDue - AmountPaid,
        ["amount_shipping"] = 0,
        ["application"] = null,
        ["attempt_count"] = AttemptCount,
        ["attempted"] = AttemptCount > 0,
        ["auto_advance"] = Status is "draft" or "open",
        ["automatic_tax"] = new JsonObject { ["disabled_reason"] = null, ["enabled"] = false, ["liability"] = null, ["provider"] = null, ["status"] = null },
        ["automatically_finalizes_at"] = null,
        ["billing_reason"] = BillingReason,
        ["collection_method"] = "charge_automatically",
        ["created"] = Created,
        ["currency"] = Currency,
        ["custom_fields"] = null,
        ["customer"] = CustomerId,
        ["customer_address"] = null,
        ["customer_email"] = CustomerEmail,
        ["customer_name"] = CustomerName,
        ["customer_phone"] = null,
        ["customer_shipping"] = null,
        ["customer_tax_exempt"] = "none",
        ["customer_tax_ids"] = new JsonArray(),
        ["default_payment_method"] = null,
        ["default_source"] = null,
        ["default_tax_rates"] = new JsonArray(),
        ["description"] = null,
        ["discounts"] = new JsonArray(),
        ["due_date"] = null,
        ["effective_at"] = FinalizedAt,
        ["ending_balance"] = Status == "draft" ? null : 0,
        ["footer"] = null,
        ["from_invoice"] = null,
        ["hosted_invoice_url"] = Status == "draft" ? null : new Uri(baseUrl, $"invoice/{Id}").ToString(),
        ["invoice_pdf"] = Status == "draft" ? null : new Uri(baseUrl, $"invoice/{Id}/pdf").ToString(),
        ["issuer"] = new JsonObject { ["type"] = "self" },
        ["last_finalization_error"] = null,
        ["latest_revision"] = null,
        ["lines"] = StripeJson.List($"/v1/invoices/{Id}/lines", Lines.Select(LineJson), hasMore: false, totalCount: Lines.Count),
        ["livemode"] = false,
        ["metadata"] = new JsonObject(),
        ["next_payment_attempt"] = null,
        ["number"] = Status == "draft" ? null : Number,
        ["on_behalf_of"] = null,
        ["parent"] = new JsonObject
        {
            ["quote_details"] = null,
            ["subscription_details"] = new JsonObject
            {
                ["metadata"] = StripeJson.Metadata(SubscriptionMetadata),
                ["subscription"] = SubscriptionId,
            },
            ["type"] = "subscription_details",
        },
        ["payment_settings"] = new JsonObject
        {
            ["default_mandate"] = null,
            ["payment_method_options"] = null,
            ["payment_method_types"] = null,
        },
        ["period_end"] = PeriodEnd,
        ["period_start"] = PeriodStart,
        ["post_payment_credit_notes_amount"] = 0,
        ["pre_payment_credit_notes_amount"] = 0,
        ["receipt_number"] = null,
        ["rendering"] = null,
        ["shipping_cost"] = null,
        ["shipping_details"] = null,
        ["starting_balance"] = 0,
        ["statement_descriptor"] = null,
        ["status"] = Status,
        ["status_transitions"] = new JsonObject
        {
            ["finalized_at"] = FinalizedAt,
            ["marked_uncollectible_at"] = null,
            ["paid_at"] = PaidAt,
            ["voided_at"] = null,
        },
        ["subtotal"] = Total,
        ["subtotal_excluding_tax"] = Total,
        ["test_clock"] = null,
        ["total"] = Total,
        ["total_discount_amounts"] = new JsonArray(),
        ["total_excluding_tax"] = Total,
        ["total_pretax_credit_amounts"] = new JsonArray(),
        ["total_taxes"] = new JsonArray(),
        ["webhooks_delivered_at"] = Created,
    };

    private JsonNode LineJson(InvoiceLine line) => new JsonObject
    {
        ["id"] = line.Id,
        ["object"] = "line_item",
        ["amount"] = line.Amount,
        ["currency"] = Currency,
        ["description"] = line.Description,
        ["discount_amounts"] = new JsonArray(),
        ["discountable"] = !line.Proration,
        ["discounts"] = new JsonArray(),
        ["invoice"] = Id,
        ["livemode"] = false,
        ["metadata"] = StripeJson.Metadata(SubscriptionMetadata),
        ["parent"] = new JsonObject
        {
            ["invoice_item_details"] = null,
            ["subscription_item_details"] = new JsonObject
            {
                ["invoice_item"] = null,
                ["proration"] = line.Proration,
                ["proration_details"] = new JsonObject { ["credited_items"] = null },
                ["subscription"] = SubscriptionId,
                ["subscription_item"] = line.SubscriptionItemId,
            },
            ["type"] = "subscription_item_details",
        },
        ["period"] = new JsonObject { ["end"] = line.PeriodEnd, ["start"] = line.PeriodStart },
        ["pretax_credit_amounts"] = new JsonArray(),
        ["pricing"] = new JsonObject
        {
            ["price_details"] = new JsonObject { ["price"] = line.Price.Id, ["product"] = line.Price.ProductId },
            ["type"] = "price_details",
            ["unit_amount_decimal"] = line.Price.UnitAmount.ToString(CultureInfo.InvariantCulture),
        },
        ["quantity"] = line.Quantity,
        ["subtotal"] = line.Amount,
        ["taxes"] = new JsonArray(),
    };
}
