using System.Text.Json.Nodes;
using VetrAI.StripeStandIn.Wire;

namespace VetrAI.StripeStandIn.Billing;

internal sealed class CheckoutSession
{
    public required string Id { get; init; }

    public required long Created { get; init; }

    public required PriceDefinition Price { get; init; }

    public long Quantity { get; init; } = 1;

    public string? CustomerId { get; set; }

    public string? CustomerEmail { get; init; }

    public string? ClientReferenceId { get; init; }

    public string? SuccessUrl { get; init; }

    public string? CancelUrl { get; init; }

    public Dictionary<string, string> Metadata { get; init; } = new(StringComparer.Ordinal);

    public Dictionary<string, string> SubscriptionMetadata { get; init; } = new(StringComparer.Ordinal);

    public long? TrialPeriodDays { get; init; }

    /// <summary>open, complete, expired.</summary>
    public string Status { get; set; } = "open";

    public string? SubscriptionId { get; set; }

    public string? InvoiceId { get; set; }

    public bool Paid { get; set; }

    public JsonObject ToJson(Uri baseUrl) => new()
    {
        ["id"] = Id,
        ["object"] = "checkout.session",
        ["adaptive_pricing"] = null,
        ["after_expiration"] = null,
        ["allow_promotion_codes"] = null,
        ["amount_subtotal"] = TrialPeriodDays is > 0 ? 0 : Price.UnitAmount * Quantity,
        ["amount_total"] = TrialPeriodDays is > 0 ? 0 : Price.UnitAmount * Quantity,
        ["automatic_tax"] = new JsonObject { ["enabled"] = false, ["liability"] = null, ["provider"] = null, ["status"] = null },
        ["billing_address_collection"] = null,
        ["cancel_url"] = CancelUrl,
        ["client_reference_id"] = ClientReferenceId,
        ["client_secret"] = null,
        ["consent"] = null,
        ["consent_collection"] = null,
        ["created"] = Created,
        ["currency"] = Price.Currency,
        ["custom_fields"] = new JsonArray(),
        ["custom_text"] = new JsonObject { ["after_submit"] = null, ["shipping_address"] = null, ["submit"] = null, ["terms_of_service_acceptance"] = null },
        ["customer"] = CustomerId,
        ["customer_creation"] = CustomerId is null ? "always" : null,
        ["customer_details"] = Status == "complete" ? new JsonObject { ["email"] = CustomerEmail, ["tax_exempt"] = "none", ["tax_ids"] = new JsonArray() } : null,
        ["customer_email"] = CustomerEmail,
        ["discounts"] = new JsonArray(),
        ["expires_at"] = Created + 24 * 3600,
        ["invoice"] = InvoiceId,
        ["invoice_creation"] = null,
        ["livemode"] = false,
        ["locale"] = null,
        ["metadata"] = StripeJson.Metadata(Metadata),
        ["mode"] = "subscription",
        ["payment_intent"] = null,
        ["payment_link"] = null,
        ["payment_method_collection"] = "always",
        ["payment_method_options"] = new JsonObject(),
        ["payment_method_types"] = new JsonArray("card"),
        ["payment_status"] = Status != "complete" ? "unpaid" : Paid ? "paid" : "no_payment_required",
        ["phone_number_collection"] = new JsonObject { ["enabled"] = false },
        ["recovered_from"] = null,
        ["setup_intent"] = null,
        ["shipping_address_collection"] = null,
        ["shipping_cost"] = null,
        ["shipping_options"] = new JsonArray(),
        ["status"] = Status,
        ["submit_type"] = null,
        ["subscription"] = SubscriptionId,
        ["success_url"] = SuccessUrl,
        ["total_details"] = new JsonObject { ["amount_discount"] = 0, ["amount_shipping"] = 0, ["amount_tax"] = 0 },
        ["ui_mode"] = "hosted",
        ["url"] = Status == "open" ? new Uri(baseUrl, $"checkout/{Id}").ToString() : null,
    };
}
