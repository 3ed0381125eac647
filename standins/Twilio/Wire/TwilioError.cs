using System.Globalization;
using System.Text.Json.Nodes;

namespace VetrAI.TwilioStandIn.Wire;

/// <summary>A Twilio REST error (<c>{"code", "message", "more_info", "status"}</c>), thrown by the handlers and
/// written as Twilio writes it.</summary>
internal sealed class TwilioError(int status, int code, string message) : Exception(message)
{
    public int Status { get; } = status;

    public int Code { get; } = code;

    public JsonObject Body() => new()
    {
        ["code"] = Code,
        ["message"] = Message,
        ["more_info"] = MoreInfo(Code),
        ["status"] = Status,
    };

    public IResult ToResult() => Results.Json(Body(), statusCode: Status);

    public static string MoreInfo(int code) => "https://www.twilio.com/docs/errors/" + code.ToString(CultureInfo.InvariantCulture);

    /// <summary>Wrong or missing credentials: what Twilio answers, with its extra <c>detail</c>.</summary>
    public static IResult Unauthorized()
    {
        var body = new TwilioError(401, 20003, "Authenticate").Body();
        body["detail"] = "Your AccountSid or AuthToken was incorrect.";
        return Results.Json(body, statusCode: 401);
    }

    public static TwilioError NotFound(string path) => new(404, 20404, $"The requested resource {path} was not found");

    /// <summary>Twilio's message for the codes a test is likely to inject, so that a bare code reads as it would.</summary>
    public static string DefaultMessage(int code) => code switch
    {
        20429 => "Too Many Requests",
        20500 => "An internal server error has occurred",
        20503 => "Service unavailable",
        21211 => "The 'To' number is not a valid phone number.",
        21408 => "Permission to send an SMS has not been enabled for the region indicated by the 'To' number",
        21602 => "Message body is required.",
        21603 => "A 'From' phone number is required.",
        21604 => "A 'To' phone number is required.",
        21606 => "The 'From' phone number provided is not a valid message-capable Twilio phone number for this destination/account",
        21610 => "Attempt to send to unsubscribed recipient",
        21611 => "This 'From' number has exceeded the maximum number of queued messages",
        21612 => "The 'To' phone number is not currently reachable via SMS",
        21614 => "'To' number is not a valid mobile number",
        30003 => "Unreachable destination handset",
        _ => "Error injected by the Twilio stand-in",
    };
}
