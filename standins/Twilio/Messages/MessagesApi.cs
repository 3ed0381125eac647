using System.Globalization;
using System.Text;
using System.Text.Json.Nodes;
using VetrAI.TwilioStandIn.Accounts;
using VetrAI.TwilioStandIn.Wire;

namespace VetrAI.TwilioStandIn.Messages;

/// <summary>The Messages endpoints of Twilio's 2010-04-01 API: create (form-encoded), fetch, and list with
/// Twilio's paging envelope. Every request authenticates with the account's SID and auth token.</summary>
internal sealed partial class MessagesApi(AccountRegistry accounts, TimeProvider time, ILogger<MessagesApi> logger)
{
    private const string Prefix = "/2010-04-01/Accounts/";
    private const int DefaultPageSize = 50;
    private const int MaxPageSize = 1000;

    public async Task<IResult> CreateAsync(string accountSid, HttpContext context)
    {
        var request = context.Request;
        if (Authorize(request, accountSid) is not { } account)
        {
            return Refused(request);
        }

        var form = request.HasFormContentType ? await request.ReadFormAsync(context.RequestAborted) : FormCollection.Empty;
        string? Param(string name) => form.TryGetValue(name, out var values) && values.Count > 0 ? values[^1] : null;
        var (to, from, service, body, callback) = (Param("To"), Param("From"), Param("MessagingServiceSid"), Param("Body"), Param("StatusCallback"));

        var now = time.GetUtcNow();
        FailurePlan? failure;
        TwilioError? error = null;
        JsonObject? created = null;
        lock (account.Gate)
        {
            failure = account.TakeFailure();
            if (failure is not null)
            {
                error = new TwilioError(failure.Status, failure.Code, failure.Message);
            }
            else
            {
                try
                {
                    MessageRules.Validate(to, from, service, body, callback);
                    var message = new Message
                    {
                        Sid = Sids.New("SM"),
                        AccountSid = account.Sid,
                        To = to!,
                        From = from is { Length: > 0 } ? from : null,
                        MessagingServiceSid = service is { Length: > 0 } ? service : null,
                        Body = body!,
                        StatusCallback = callback,
                        NumSegments = MessageRules.Segments(body!),
                        DateCreated = now,
                    };
                    message.Accept(now);
                    account.Messages.Add(message);
                    created = message.ToJson();
                    // Handed to no carrier: delivered for every later read.
                    message.Deliver(now);
                }
                catch (TwilioError invalid)
                {
                    error = invalid;
                }
            }

            account.Sends.Add(new RecordedSend(now, to, from, service, body, callback, error?.Status ?? 201,
                created?["sid"]?.GetValue<string>(), error?.Code, error?.Message));
        }

        if (failure is { Delay: var delay } && delay > TimeSpan.Zero)
        {
            // A slow Twilio: the client's timeout should fire first.
            await Task.Delay(delay, time, context.RequestAborted);
        }

        var status = error?.Status ?? 201;
        LogRequest(logger, request.Method, request.Path.Value!, status, error?.Code ?? 0);
        Stamp(context);
        return error is not null ? error.ToResult() : Results.Json(created, statusCode: 201);
    }

    public IResult Fetch(string accountSid, string sid, HttpContext context)
    {
        var request = context.Request;
        if (Authorize(request, accountSid) is not { } account)
        {
            return Refused(request);
        }

        JsonObject? found;
        lock (account.Gate)
        {
            found = account.Find(sid)?.ToJson();
        }

        return Answer(context, found is null ? TwilioError.NotFound(request.Path.Value!) : null, found);
    }

    public IResult List(string accountSid, HttpContext context)
    {
        var request = context.Request;
        if (Authorize(request, accountSid) is not { } account)
        {
            return Refused(request);
        }

        var query = request.Query;
        string? Param(string name) => query.TryGetValue(name, out var values) && values.Count > 0 ? values[^1] : null;
        if (!TryInt(Param("PageSize"), DefaultPageSize, out var pageSize) || pageSize < 1 || pageSize > MaxPageSize)
        {
            return Answer(context, new TwilioError(400, 20007, $"Invalid PageSize: must be between 1 and {MaxPageSize}"), null);
        }

        if (!TryInt(Param("Page"), 0, out var page) || page < 0)
        {
            return Answer(context, new TwilioError(400, 20007, "Invalid Page: must be 0 or more"), null);
        }

        var (to, from) = (Param("To"), Param("From"));
        var (sentOn, sentBefore, sentAfter) = (Date(Param("DateSent")), Date(Param("DateSent<")), Date(Param("DateSent>")));
        var token = Param("PageToken");
        var filters = new StringBuilder();
        foreach (var (name, value) in new[] { ("To", to), ("From", from), ("DateSent", Param("DateSent")), ("DateSent<", Param("DateSent<")), ("DateSent>", Param("DateSent>")) })
        {
            if (value is not null)
            {
                filters.Append(Uri.EscapeDataString(name)).Append('=').Append(Uri.EscapeDataString(value)).Append('&');
            }
        }

        var listUri = Prefix + account.Sid + "/Messages.json?" + filters;
        JsonArray records;
        string? nextUri = null;
        lock (account.Gate)
        {
            var matching = Enumerable.Reverse(account.Messages)
                .Where(m => (to is null || m.To == to) && (from is null || m.From == from))
                .Where(m => m.DateSent is not { } sent
                    ? sentOn is null && sentBefore is null && sentAfter is null
                    : (sentOn is null || DateOnly.FromDateTime(sent.UtcDateTime) == sentOn)
                      && (sentBefore is null || DateOnly.FromDateTime(sent.UtcDateTime) <= sentBefore)
                      && (sentAfter is null || DateOnly.FromDateTime(sent.UtcDateTime) >= sentAfter))
                .ToList();
            // A token (PA + the last sid of the page before) keeps paging stable while new messages arrive;
            // without one, the page number counts from the newest.
            var start = token is { Length: > 2 } && token.StartsWith("PA", StringComparison.Ordinal) && matching.FindIndex(m => m.Sid == token[2..]) is var after and >= 0
                ? after + 1
                : page * pageSize;
            var slice = matching.Skip(start).Take(pageSize).ToList();
            records = [.. slice.Select(m => (JsonNode)m.ToJson())];
            if (start + slice.Count < matching.Count)
            {
                nextUri = listUri + $"PageSize={pageSize}&Page={page + 1}&PageToken=PA{slice[^1].Sid}";
            }
        }

        var body = new JsonObject
        {
            ["end"] = page * pageSize + Math.Max(records.Count - 1, 0),
            ["first_page_uri"] = listUri + $"PageSize={pageSize}&Page=0",
            ["messages"] = records,
            ["next_page_uri"] = nextUri,
            ["page"] = page,
            ["page_size"] = pageSize,
            ["previous_page_uri"] = page > 0 ? listUri + $"PageSize={pageSize}&Page={page - 1}" : null,
            ["start"] = page * pageSize,
            ["uri"] = listUri + $"PageSize={pageSize}&Page={page}" + (token is null ? "" : "&PageToken=" + Uri.EscapeDataString(token)),
        };
        return Answer(context, null, body);
    }

    /// <summary>Any other path of the API: Twilio's 404.</summary>
    public static IResult Unknown(HttpContext context) => Answer(context, TwilioError.NotFound(context.Request.Path.Value!), null);

    private Account? Authorize(HttpRequest request, string accountSid) =>
        accounts.Authenticate(request) is { } account && string.Equals(account.Sid, accountSid, StringComparison.Ordinal) ? account : null;

    private IResult Refused(HttpRequest request)
    {
        LogRequest(logger, request.Method, request.Path.Value!, 401, 20003);
        Stamp(request.HttpContext);
        return TwilioError.Unauthorized();
    }

    private static IResult Answer(HttpContext context, TwilioError? error, JsonObject? body)
    {
        Stamp(context);
        return error is not null ? error.ToResult() : Results.Json(body);
    }

    private static void Stamp(HttpContext context) => context.Response.Headers["Twilio-Request-Id"] = Sids.New("RQ");

    private static bool TryInt(string? text, int fallback, out int value)
    {
        value = fallback;
        return text is null || int.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out value);
    }

    private static DateOnly? Date(string? text) =>
        text is not null && DateOnly.TryParseExact(text[..Math.Min(10, text.Length)], "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var date) ? date : null;

    [LoggerMessage(Level = LogLevel.Information, Message = "{Method} {Path} -> {Status} (Twilio code {Code})")]
    private static partial void LogRequest(ILogger logger, string method, string path, int status, int code);
}

internal static class MessagesEndpoints
{
    public static void MapMessagesApi(this WebApplication app)
    {
        app.MapPost("/2010-04-01/Accounts/{accountSid}/Messages.json", (string accountSid, HttpContext context, MessagesApi api) => api.CreateAsync(accountSid, context));
        app.MapGet("/2010-04-01/Accounts/{accountSid}/Messages.json", (string accountSid, HttpContext context, MessagesApi api) => api.List(accountSid, context));
        app.MapGet("/2010-04-01/Accounts/{accountSid}/Messages/{sid}.json", (string accountSid, string sid, HttpContext context, MessagesApi api) => api.Fetch(accountSid, sid, context));
        app.Map("/2010-04-01/{**rest}", MessagesApi.Unknown);
    }
}
