using System.Text.Json.Nodes;
using System.Text.Json.Serialization;
using VetrAI.TwilioStandIn.Accounts;
using VetrAI.TwilioStandIn.Wire;

namespace VetrAI.TwilioStandIn.Control;

/// <summary>The stand-in's own endpoints under /_standin, authenticated as the API is (each test drives only its
/// account): what the account was sent, injected failures, clearing. Documented in README.md.</summary>
internal static class ControlEndpoints
{
    public static void MapControlEndpoints(this WebApplication app)
    {
        var control = app.MapGroup("/_standin");
        control.MapGet("/health", () => Results.Json(new JsonObject { ["status"] = "ok", ["api_version"] = "2010-04-01" }));

        control.MapGet("/messages", (HttpContext context, AccountRegistry accounts) => WithAccount(context, accounts, account =>
            new JsonObject { ["sends"] = new JsonArray([.. account.Sends.Select(s => (JsonNode)s.ToJson())]) }));

        control.MapDelete("/messages", (HttpContext context, AccountRegistry accounts) => WithAccount(context, accounts, account =>
        {
            account.Sends.Clear();
            account.Messages.Clear();
            return new JsonObject { ["cleared"] = true };
        }));

        control.MapPost("/failures", (FailuresRequest body, HttpContext context, AccountRegistry accounts) => WithAccount(context, accounts, account =>
        {
            if (body.Count < 1 || body.Status is < 400 or > 599 || body.Code < 10000 || body.DelayMs is < 0 or > 600_000)
            {
                throw new TwilioError(400, 20001, "count must be at least 1, status 400-599, code a Twilio error code (5 digits) and delay_ms 0-600000.");
            }

            account.Failures = new FailurePlan(body.Status, body.Code, body.Message is { Length: > 0 } m ? m : TwilioError.DefaultMessage(body.Code),
                TimeSpan.FromMilliseconds(body.DelayMs), body.Count);
            return account.Failures.ToJson();
        }));

        control.MapDelete("/failures", (HttpContext context, AccountRegistry accounts) => WithAccount(context, accounts, account =>
        {
            account.Failures = null;
            return new JsonObject { ["cleared"] = true };
        }));
    }

    private static IResult WithAccount(HttpContext context, AccountRegistry accounts, Func<Account, JsonObject> action)
    {
        if (accounts.Authenticate(context.Request) is not { } account)
        {
            return TwilioError.Unauthorized();
        }

        try
        {
            lock (account.Gate)
            {
                return Results.Json(action(account));
            }
        }
        catch (TwilioError error)
        {
            return error.ToResult();
        }
    }

    internal sealed record FailuresRequest(
        [property: JsonPropertyName("count")] int Count,
        [property: JsonPropertyName("status")] int Status,
        [property: JsonPropertyName("code")] int Code,
        [property: JsonPropertyName("message")] string? Message,
        [property: JsonPropertyName("delay_ms")] int DelayMs);
}
