using System.Text.Json.Nodes;

namespace VetrAI.StripeStandIn.Wire;

/// <summary>A Stripe error answer (<c>{"error": {...}}</c>), thrown by the handlers and written by the dispatcher.</summary>
internal sealed class StripeError(int status, string type, string message, string? code = null, string? param = null) : Exception(message)
{
    public int Status { get; } = status;

    /// <summary>Stripe's <c>Stripe-Should-Retry</c> header, when it sends one.</summary>
    public bool? ShouldRetry { get; init; }

    public JsonObject Body()
    {
        var error = new JsonObject { ["type"] = type, ["message"] = Message };
        if (code is not null)
        {
            error["code"] = code;
        }

        if (param is not null)
        {
            error["param"] = param;
        }

        if (type == "card_error")
        {
            error["decline_code"] = "generic_decline";
        }

        return new JsonObject { ["error"] = error };
    }

    public static StripeError Missing(string kind, string id, string param = "id") =>
        new(404, "invalid_request_error", $"No such {kind}: '{id}'", "resource_missing", param);

    /// <summary>An unknown id passed as a parameter: Stripe answers 400 (not 404) then.</summary>
    public static StripeError MissingParam(string kind, string id, string param) =>
        new(400, "invalid_request_error", $"No such {kind}: '{id}'", "resource_missing", param);

    public static StripeError Invalid(string message, string? param = null) =>
        new(400, "invalid_request_error", message, param is null ? null : "parameter_invalid_empty", param);

    public static StripeError Required(string param) =>
        new(400, "invalid_request_error", $"Missing required param: {param}.", "parameter_missing", param);

    public static StripeError CardDeclined() =>
        new(402, "card_error", "Your card was declined.", "card_declined");

    public static StripeError Api(int status) => new(status, status == 429 ? "rate_limit_error" : "api_error", status switch
    {
        429 => "Too many requests hit the API too quickly. We recommend an exponential backoff of your requests.",
        _ => "An unknown error occurred while processing your request (injected by the stand-in).",
    }, status == 429 ? "rate_limit" : null);
}
