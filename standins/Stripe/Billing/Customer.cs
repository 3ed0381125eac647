using System.Text.Json.Nodes;
using VetrAI.StripeStandIn.Wire;

namespace VetrAI.StripeStandIn.Billing;

internal sealed class Customer
{
    public required string Id { get; init; }

    public required long Created { get; init; }

    public string? Email { get; set; }

    public string? Name { get; set; }

    public string? Currency { get; set; }

    public Dictionary<string, string> Metadata { get; set; } = new(StringComparer.Ordinal);

    /// <summary>Invoice numbers are this prefix and a per-customer sequence, as Stripe numbers them.</summary>
    public string InvoicePrefix { get; } = Ids.New("x", 8)[2..].ToUpperInvariant();

    public long NextInvoiceSequence { get; set; } = 1;

    /// <summary>Set by a test (control endpoint): this customer's card declines every payment from now on.</summary>
    public bool PaymentsFail { get; set; }

    public JsonObject ToJson() => new()
    {
        ["id"] = Id,
        ["object"] = "customer",
        ["address"] = null,
        ["balance"] = 0,
        ["created"] = Created,
        ["currency"] = Currency,
        ["default_source"] = null,
        ["delinquent"] = false,
        ["description"] = null,
        ["discount"] = null,
        ["email"] = Email,
        ["invoice_prefix"] = InvoicePrefix,
        ["invoice_settings"] = new JsonObject
        {
            ["custom_fields"] = null,
            ["default_payment_method"] = null,
            ["footer"] = null,
            ["rendering_options"] = null,
        },
        ["livemode"] = false,
        ["metadata"] = StripeJson.Metadata(Metadata),
        ["name"] = Name,
        ["next_invoice_sequence"] = NextInvoiceSequence,
        ["phone"] = null,
        ["preferred_locales"] = new JsonArray(),
        ["shipping"] = null,
        ["tax_exempt"] = "none",
        ["test_clock"] = null,
    };
}
