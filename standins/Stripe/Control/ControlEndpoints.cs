using System.Text.Json.Nodes;
using System.Text.Json.Serialization;
using VetrAI.StripeStandIn.Accounts;
using VetrAI.StripeStandIn.Api;
using VetrAI.StripeStandIn.Billing;
using VetrAI.StripeStandIn.Webhooks;
using VetrAI.StripeStandIn.Wire;

namespace VetrAI.StripeStandIn.Control;

/// <summary>The stand-in's own endpoints under /_standin: tests drive their account (the same API key) through
/// what a customer or time would do at Stripe. Documented in README.md.</summary>
internal static class ControlEndpoints
{
    public static void MapControlEndpoints(this WebApplication app)
    {
        var control = app.MapGroup("/_standin");
        control.MapGet("/health", () => Results.Json(new JsonObject { ["status"] = "ok", ["api_version"] = StripeApiVersion.Current }));

        control.MapPost("/checkout/sessions/{id}/complete", (string id, HttpContext context, ApiDispatcher dispatcher) =>
            dispatcher.ControlAsync(context, account => CheckoutApi.Complete(account, id)));

        control.MapPost("/subscriptions/{id}/advance", (string id, HttpContext context, ApiDispatcher dispatcher) =>
            dispatcher.ControlAsync(context, account =>
            {
                var subscription = account.Subscriptions.Find(id) ?? throw StripeError.Missing("subscription", id);
                Lifecycle.Advance(account, subscription);
                return subscription.ToJson();
            }));

        control.MapPost("/customers/{id}/payments", (string id, PaymentsRequest body, HttpContext context, ApiDispatcher dispatcher) =>
            dispatcher.ControlAsync(context, account =>
            {
                var customer = account.Customers.Find(id) ?? throw StripeError.Missing("customer", id);
                customer.PaymentsFail = body.Fail;
                return new JsonObject { ["customer"] = customer.Id, ["fail"] = customer.PaymentsFail };
            }));

        control.MapPost("/invoices/{id}/pay", (string id, HttpContext context, ApiDispatcher dispatcher) =>
            dispatcher.ControlAsync(context, account =>
            {
                var invoice = account.Invoices.Find(id) ?? throw StripeError.Missing("invoice", id);
                Lifecycle.PayInvoice(account, invoice);
                return invoice.ToJson(account.Options.Url);
            }));

        control.MapPost("/faults", (FaultsRequest body, HttpContext context, ApiDispatcher dispatcher) =>
            dispatcher.ControlAsync(context, account =>
            {
                if (body.Status is not (429 or 500 or 502 or 503 or 504) || body.Count < 1)
                {
                    throw StripeError.Invalid("status must be 429, 500, 502, 503 or 504 and count at least 1.");
                }

                account.Faults = new FaultPlan(body.Status, body.Count, body.AfterProcessing);
                return account.Faults.ToJson();
            }));

        control.MapDelete("/faults", (HttpContext context, ApiDispatcher dispatcher) =>
            dispatcher.ControlAsync(context, account =>
            {
                account.Faults = null;
                return new JsonObject { ["cleared"] = true };
            }));

        control.MapPost("/webhooks", (WebhooksRequest body, HttpContext context, ApiDispatcher dispatcher) =>
            dispatcher.ControlAsync(context, account =>
            {
                account.SetWebhooksPaused(body.Paused ?? account.WebhooksPaused);
                account.DeliverBeforeResponse = body.DeliverBeforeResponse ?? account.DeliverBeforeResponse;
                return new JsonObject { ["paused"] = account.WebhooksPaused, ["deliver_before_response"] = account.DeliverBeforeResponse };
            }));

        control.MapPost("/events/{id}/resend", ResendAsync);

        control.MapGet("/events", (HttpContext context, ApiDispatcher dispatcher) =>
            dispatcher.ControlAsync(context, account => new JsonObject
            {
                ["object"] = "list",
                ["data"] = new JsonArray([.. account.Events.OldestFirst.Select(e => (JsonNode)new JsonObject
                {
                    ["id"] = e.Id,
                    ["type"] = e.Type,
                    ["created"] = e.Created,
                    ["pending_webhooks"] = e.PendingEndpoints.Count,
                    ["event"] = e.CurrentJson(),
                    ["attempts"] = new JsonArray([.. e.Attempts.Select(a => (JsonNode)a.ToJson())]),
                })]),
            }));

        control.MapGet("/meter_events", (HttpContext context, ApiDispatcher dispatcher) =>
            dispatcher.ControlAsync(context, account => new JsonObject
            {
                ["object"] = "list",
                ["data"] = new JsonArray([.. account.MeterEvents.Select(e => (JsonNode)e.ToJson())]),
            }));

        // The hosted pages Stripe's objects link to: the object's JSON is enough for local runs and tests.
        app.MapGet("/checkout/{id}", (string id, AccountRegistry accounts) =>
            Page(accounts, account => account.CheckoutSessions.Find(id)?.ToJson(account.Options.Url)));
        app.MapGet("/billing_portal/{id}", (string id, AccountRegistry accounts) =>
            Page(accounts, account => account.PortalSessions.Find(id)?.ToJson(account.Options.Url)));
        app.MapGet("/invoice/{id}", (string id, AccountRegistry accounts) =>
            Page(accounts, account => account.Invoices.Find(id)?.ToJson(account.Options.Url)));
        app.MapGet("/invoice/{id}/pdf", (string id, AccountRegistry accounts) =>
            Page(accounts, account => account.Invoices.Find(id)?.ToJson(account.Options.Url)));
    }

    /// <summary>Delivers an old event again to every endpoint that wants its type: same id and body, new signature.</summary>
    private static async Task<IResult> ResendAsync(string id, HttpContext context, ApiDispatcher dispatcher, WebhookSender webhooks)
    {
        if (dispatcher.Authenticate(context.Request) is not { } account)
        {
            return Results.Json(new JsonObject { ["error"] = new JsonObject { ["type"] = "invalid_request_error", ["message"] = "Invalid API Key provided." } }, statusCode: 401);
        }

        StoredEvent? stored;
        List<string> endpoints;
        bool beforeResponse;
        lock (account.Gate)
        {
            stored = account.Events.Find(id);
            endpoints = stored is null ? [] : [.. account.WebhookEndpoints.OldestFirst.Where(e => e.Wants(stored.Type)).Select(e => e.Id)];
            beforeResponse = account.DeliverBeforeResponse;
        }

        if (stored is null)
        {
            var missing = StripeError.Missing("event", id);
            return Results.Json(missing.Body(), StripeJson.Options, statusCode: missing.Status);
        }

        var firstAttempts = webhooks.Enqueue(account, [stored], endpoints);
        if (beforeResponse)
        {
            await Task.WhenAll(firstAttempts).WaitAsync(TimeSpan.FromSeconds(30), context.RequestAborted);
        }

        lock (account.Gate)
        {
            return Results.Json(stored.CurrentJson(), StripeJson.Options);
        }
    }

    private static IResult Page(AccountRegistry accounts, Func<Account, JsonObject?> find)
    {
        JsonObject? found = null;
        accounts.FindOwner(account => (found = find(account)) is not null);
        return found is null ? Results.NotFound() : Results.Json(found, StripeJson.Options);
    }

    internal sealed record PaymentsRequest([property: JsonPropertyName("fail")] bool Fail);

    internal sealed record FaultsRequest(
        [property: JsonPropertyName("status")] int Status,
        [property: JsonPropertyName("count")] int Count,
        [property: JsonPropertyName("after_processing")] bool AfterProcessing);

    internal sealed record WebhooksRequest(
        [property: JsonPropertyName("paused")] bool? Paused,
        [property: JsonPropertyName("deliver_before_response")] bool? DeliverBeforeResponse);
}
