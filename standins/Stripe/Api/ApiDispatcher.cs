using System.Net.Http.Headers;
using System.Text;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using VetrAI.StripeStandIn.Accounts;
using VetrAI.StripeStandIn.Webhooks;
using VetrAI.StripeStandIn.Wire;

namespace VetrAI.StripeStandIn.Api;

/// <summary>What every /v1 request goes through, as at Stripe: authentication (the key picks the account),
/// injected faults, idempotency keys, the handler under the account's gate, then webhook deliveries of the
/// events it created.</summary>
internal sealed partial class ApiDispatcher(AccountRegistry accounts, ApiRoutes routes, WebhookSender webhooks, ILogger<ApiDispatcher> logger)
{
    // Long enough for the events to reach the receiver, short enough that a receiver which only answers once
    // the API call's own caller has its answer (a grain busy with that very call) does not stall it: Stripe
    // itself never waits for webhooks.
    private static readonly TimeSpan DeliverBeforeResponseLimit = TimeSpan.FromSeconds(2);

    public async Task HandleAsync(HttpContext context)
    {
        var requestId = Ids.New("req", 14);
        context.Response.Headers["Request-Id"] = requestId;
        context.Response.Headers["Stripe-Version"] = StripeApiVersion.Current;
        var request = context.Request;
        var path = request.Path.Value!["/v1/".Length..].TrimEnd('/');

        if (Authenticate(request) is not { } account)
        {
            LogRequest(logger, request.Method, request.Path.Value!, 401, "none");
            await WriteAsync(context, Unauthorized(request));
            return;
        }

        var parameters = request.HasFormContentType ? FormParams.From(await request.ReadFormAsync(context.RequestAborted)) : FormParams.From(request.Query);
        if (!routes.TryMatch(request.Method, path, out var handler, out var id))
        {
            await WriteAsync(context, new StripeError(404, "invalid_request_error", $"Unrecognized request URL ({request.Method}: {request.Path}). The Stripe stand-in covers only the endpoints VetrAI uses (see its README)."));
            return;
        }

        var idempotencyKey = request.Method == "POST" && request.Headers.TryGetValue("Idempotency-Key", out var keyHeader) && keyHeader.ToString().Length > 0
            ? keyHeader.ToString()
            : null;
        var fingerprint = $"{request.Method} {request.Path} {parameters.Fingerprint}";

        StripeError? fault = null;
        (int Status, string Body, bool Replayed, StripeError? Error) answer = (500, "", false, null);
        List<StoredEvent> events = [];
        lock (account.Gate)
        {
            var execute = true;
            if (account.Faults is { } plan)
            {
                plan.Remaining--;
                if (plan.Remaining <= 0)
                {
                    account.Faults = null;
                }

                fault = StripeError.Api(plan.Status);
                // Before processing, nothing happens; after, the request is carried out and only its answer is lost.
                execute = plan.AfterProcessing;
            }

            account.ForgetOldIdempotencyKeys();
            if (!execute)
            {
                // The fault's answer is written below.
            }
            else if (idempotencyKey is not null && account.IdempotentResults.TryGetValue(idempotencyKey, out var stored))
            {
                if (stored.Fingerprint == fingerprint)
                {
                    answer = (stored.Status, stored.Body, true, null);
                }
                else
                {
                    var mismatch = new StripeError(400, "idempotency_error",
                        $"Keys for idempotent requests can only be used with the same parameters they were first used with. Try using a key other than '{idempotencyKey}' if you meant to execute a different request.");
                    answer = (400, mismatch.Body().ToJsonString(StripeJson.Options), false, mismatch);
                }
            }
            else
            {
                answer = Execute(account, handler, new ApiCall(account, parameters, id), requestId, idempotencyKey);
                events = [.. account.NewEvents];
                account.NewEvents.Clear();
                // Stripe keeps the result of a request that began executing (success, or a declined card);
                // a request refused by validation can be retried with the same key.
                if (idempotencyKey is not null && (answer.Status < 400 || answer.Status == 402))
                {
                    account.IdempotentResults[idempotencyKey] = new IdempotentResult(fingerprint, answer.Status, answer.Body, DateTimeOffset.UtcNow);
                }
            }
        }

        await DeliverAsync(account, events);
        if (fault is not null)
        {
            answer = (fault.Status, fault.Body().ToJsonString(StripeJson.Options), false, fault);
        }

        if (answer.Replayed)
        {
            context.Response.Headers["Idempotent-Replayed"] = "true";
        }

        if (idempotencyKey is not null)
        {
            context.Response.Headers["Idempotency-Key"] = idempotencyKey;
        }

        if (answer.Error?.ShouldRetry is { } shouldRetry)
        {
            context.Response.Headers["Stripe-Should-Retry"] = shouldRetry ? "true" : "false";
        }

        LogRequest(logger, request.Method, request.Path.Value!, answer.Status, KeyHint(account.SecretKey));
        await WriteAsync(context, answer.Status, answer.Body);
    }

    /// <summary>Runs a control action (the stand-in's own endpoints) like an API call without a request id:
    /// under the gate, then delivering the events it created.</summary>
    public async Task<IResult> ControlAsync(HttpContext context, Func<Account, JsonNode> action)
    {
        if (Authenticate(context.Request) is not { } account)
        {
            var error = Unauthorized(context.Request);
            return Results.Json(error.Body(), StripeJson.Options, statusCode: error.Status);
        }

        JsonNode result;
        StripeError? failure = null;
        List<StoredEvent> events;
        lock (account.Gate)
        {
            try
            {
                result = action(account);
            }
            catch (StripeError e)
            {
                failure = e;
                result = e.Body();
            }

            events = [.. account.NewEvents];
            account.NewEvents.Clear();
        }

        await DeliverAsync(account, events);
        LogRequest(logger, context.Request.Method, context.Request.Path.Value!, failure?.Status ?? 200, KeyHint(account.SecretKey));
        return Results.Json(result, StripeJson.Options, statusCode: failure?.Status ?? 200);
    }

    public Account? Authenticate(HttpRequest request)
    {
        var header = request.Headers.Authorization.ToString();
        string? key = null;
        if (AuthenticationHeaderValue.TryParse(header, out var value) && value.Parameter is { } parameter)
        {
            if (value.Scheme.Equals("Bearer", StringComparison.OrdinalIgnoreCase))
            {
                key = parameter;
            }
            else if (value.Scheme.Equals("Basic", StringComparison.OrdinalIgnoreCase))
            {
                // Stripe takes the key as the user name, with an empty password (curl -u sk_test_...:).
                try
                {
                    var decoded = Encoding.UTF8.GetString(Convert.FromBase64String(parameter));
                    key = decoded.Split(':', 2)[0];
                }
                catch (FormatException)
                {
                    key = null;
                }
            }
        }

        return key is not null && KeyPattern().IsMatch(key) ? accounts.GetOrCreate(key) : null;
    }

    private async Task DeliverAsync(Account account, List<StoredEvent> events)
    {
        if (events.Count == 0)
        {
            return;
        }

        var firstAttempts = webhooks.Enqueue(account, events);
        bool beforeResponse;
        lock (account.Gate)
        {
            beforeResponse = account.DeliverBeforeResponse;
        }

        if (beforeResponse)
        {
            try
            {
                await Task.WhenAll(firstAttempts).WaitAsync(DeliverBeforeResponseLimit);
            }
            catch (TimeoutException)
            {
                // Paused deliveries (or a receiver that hangs) must not hold the API call forever.
            }
        }
    }

    private static (int Status, string Body, bool Replayed, StripeError? Error) Execute(
        Account account, ApiHandler handler, ApiCall call, string requestId, string? idempotencyKey)
    {
        account.CurrentRequest = (requestId, idempotencyKey);
        try
        {
            var json = handler(call);
            if (call.Params.GetStrings("expand") is { Count: > 0 } expand)
            {
                Expander.Apply(account, json, expand);
            }

            return (200, json.ToJsonString(StripeJson.Options), false, null);
        }
        catch (StripeError e)
        {
            return (e.Status, e.Body().ToJsonString(StripeJson.Options), false, e);
        }
        finally
        {
            account.CurrentRequest = null;
        }
    }

    private static StripeError Unauthorized(HttpRequest request)
    {
        var header = request.Headers.Authorization.ToString();
        return header.Length == 0
            ? new StripeError(401, "invalid_request_error",
                "You did not provide an API key. You need to provide your API key in the Authorization header, using Bearer auth (e.g. 'Authorization: Bearer YOUR_SECRET_KEY').")
            : new StripeError(401, "invalid_request_error",
                "Invalid API Key provided: the Stripe stand-in takes test keys only (sk_test_... or rk_test_...).");
    }

    private static Task WriteAsync(HttpContext context, StripeError error) =>
        WriteAsync(context, error.Status, error.Body().ToJsonString(StripeJson.Options));

    private static async Task WriteAsync(HttpContext context, int status, string body)
    {
        context.Response.StatusCode = status;
        context.Response.ContentType = "application/json";
        await context.Response.WriteAsync(body, context.RequestAborted);
    }

    /// <summary>sk_test_abc…xyz → "…xyz": enough to tell accounts apart in the log, never the key.</summary>
    private static string KeyHint(string key) => "…" + key[^Math.Min(4, key.Length)..];

    [GeneratedRegex("^(sk|rk)_test_[A-Za-z0-9_]{1,200}$")]
    private static partial Regex KeyPattern();

    [LoggerMessage(Level = LogLevel.Information, Message = "{Method} {Path} → {Status} (account {Account})")]
    private static partial void LogRequest(ILogger logger, string method, string path, int status, string account);
}
