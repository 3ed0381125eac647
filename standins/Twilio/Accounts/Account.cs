using System.Text.Json.Nodes;
using VetrAI.TwilioStandIn.Messages;

namespace VetrAI.TwilioStandIn.Accounts;

/// <summary>Everything one account SID owns: its messages, the record of every send it was asked for, and the
/// failures a test asked for. Read and changed only under <see cref="Gate"/>.</summary>
internal sealed class Account(string sid, string authToken)
{
    public Lock Gate { get; } = new();

    public string Sid { get; } = sid;

    public string AuthToken { get; } = authToken;

    /// <summary>Oldest first; lists show them newest first, as Twilio does.</summary>
    public List<Message> Messages { get; } = [];

    public List<RecordedSend> Sends { get; } = [];

    public FailurePlan? Failures { get; set; }

    public Message? Find(string sid) => Messages.Find(m => string.Equals(m.Sid, sid, StringComparison.Ordinal));

    /// <summary>Takes one injected failure, if any are left.</summary>
    public FailurePlan? TakeFailure()
    {
        if (Failures is not { } plan)
        {
            return null;
        }

        plan.Remaining--;
        if (plan.Remaining <= 0)
        {
            Failures = null;
        }

        return plan;
    }
}

/// <summary>The next <see cref="Remaining"/> sends answer <see cref="Status"/> with Twilio error <see cref="Code"/>,
/// after <see cref="Delay"/> (a slow Twilio, for clients' timeouts).</summary>
internal sealed class FailurePlan(int status, int code, string message, TimeSpan delay, int remaining)
{
    public int Status { get; } = status;

    public int Code { get; } = code;

    public string Message { get; } = message;

    public TimeSpan Delay { get; } = delay;

    public int Remaining { get; set; } = remaining;

    public JsonObject ToJson() => new()
    {
        ["count"] = Remaining,
        ["status"] = Status,
        ["code"] = Code,
        ["message"] = Message,
        ["delay_ms"] = (long)Delay.TotalMilliseconds,
    };
}

/// <summary>One <c>POST .../Messages.json</c> as received, with what the stand-in answered: the message it created,
/// or the error.</summary>
internal sealed record RecordedSend(
    DateTimeOffset At,
    string? To,
    string? From,
    string? MessagingServiceSid,
    string? Body,
    string? StatusCallback,
    int HttpStatus,
    string? Sid,
    int? ErrorCode,
    string? ErrorMessage)
{
    public JsonObject ToJson() => new()
    {
        ["at"] = At.ToString("O", System.Globalization.CultureInfo.InvariantCulture),
        ["to"] = To,
        ["from"] = From,
        ["messaging_service_sid"] = MessagingServiceSid,
        ["body"] = Body,
        ["status_callback"] = StatusCallback,
        ["http_status"] = HttpStatus,
        ["sid"] = Sid,
        ["error_code"] = ErrorCode,
        ["error_message"] = ErrorMessage,
    };
}

/// <summary>Every account, by SID: created on its first request with the token that request carried, as if each
/// SID/token pair were its own Twilio account. A later request with another token is refused.</summary>
internal sealed class AccountRegistry
{
    private readonly Dictionary<string, Account> _accounts = new(StringComparer.Ordinal);
    private readonly Lock _gate = new();

    /// <summary>The account of a request's HTTP basic credentials, or null (401).</summary>
    public Account? Authenticate(HttpRequest request)
    {
        if (!System.Net.Http.Headers.AuthenticationHeaderValue.TryParse(request.Headers.Authorization.ToString(), out var header)
            || !string.Equals(header.Scheme, "Basic", StringComparison.OrdinalIgnoreCase) || header.Parameter is null)
        {
            return null;
        }

        string credentials;
        try
        {
            credentials = System.Text.Encoding.UTF8.GetString(Convert.FromBase64String(header.Parameter));
        }
        catch (FormatException)
        {
            return null;
        }

        var colon = credentials.IndexOf(':', StringComparison.Ordinal);
        if (colon < 0 || !Wire.Sids.IsAccountSid(credentials[..colon]) || colon == credentials.Length - 1)
        {
            return null;
        }

        var (sid, token) = (credentials[..colon], credentials[(colon + 1)..]);
        lock (_gate)
        {
            if (!_accounts.TryGetValue(sid, out var account))
            {
                account = new Account(sid, token);
                _accounts[sid] = account;
            }

            return System.Security.Cryptography.CryptographicOperations.FixedTimeEquals(
                System.Text.Encoding.UTF8.GetBytes(account.AuthToken), System.Text.Encoding.UTF8.GetBytes(token))
                ? account
                : null;
        }
    }
}
