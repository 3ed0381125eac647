using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;

namespace VetrAI.TestSupport;

/// <summary>A fresh account on the Twilio stand-in (standins/Twilio): a random account SID and auth token of its
/// own, so tests sharing one stand-in never see each other's messages, with the stand-in's control endpoints
/// (/_standin/...): what it was sent, injected failures.</summary>
public sealed class TwilioStandInAccount : IDisposable
{
    private readonly HttpClient _http;

    private TwilioStandInAccount(HttpClient http, Uri baseUrl, string accountSid, string authToken)
    {
        _http = http;
        BaseUrl = baseUrl;
        AccountSid = accountSid;
        AuthToken = authToken;
    }

    public Uri BaseUrl { get; }

    /// <summary>AC and 32 hex digits, as Twilio's.</summary>
    public string AccountSid { get; }

    public string AuthToken { get; }

    /// <summary>The stand-in ./test.sh started, from VETRAI_TEST_TWILIO_URL.</summary>
    public static Uri StandInUrlFromEnvironment() =>
        Environment.GetEnvironmentVariable("VETRAI_TEST_TWILIO_URL") is { Length: > 0 } url
            ? new Uri(url)
            : throw new InvalidOperationException(
                "VETRAI_TEST_TWILIO_URL is not set: run the tests with ./test.sh, which starts the Twilio stand-in and sets it.");

    /// <summary>Opens a new account: the stand-in makes it on its first request, with this token.</summary>
    public static async Task<TwilioStandInAccount> CreateAsync(Uri standInUrl, CancellationToken cancellationToken = default)
    {
        var accountSid = "AC" + Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(16));
        var authToken = Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(16));
        var http = new HttpClient { BaseAddress = standInUrl, Timeout = TimeSpan.FromSeconds(60) };
        http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Basic",
            Convert.ToBase64String(Encoding.UTF8.GetBytes($"{accountSid}:{authToken}")));
        var account = new TwilioStandInAccount(http, standInUrl, accountSid, authToken);
        try
        {
            (await account.ControlAsync(HttpMethod.Get, "messages", null, cancellationToken)).Dispose();
            return account;
        }
        catch
        {
            account.Dispose();
            throw;
        }
    }

    /// <summary>Every send the account received (POST .../Messages.json), oldest first, with the stand-in's answer.</summary>
    public async Task<IReadOnlyList<StandInSms>> MessagesAsync(CancellationToken cancellationToken = default)
    {
        using var list = await ControlAsync(HttpMethod.Get, "messages", null, cancellationToken);
        return [.. list.RootElement.GetProperty("sends").EnumerateArray().Select(s => new StandInSms(
            Text(s, "to"), Text(s, "from"), Text(s, "body"), Text(s, "status_callback"),
            s.GetProperty("http_status").GetInt32(), Text(s, "sid"),
            s.GetProperty("error_code").ValueKind == JsonValueKind.Number ? s.GetProperty("error_code").GetInt32() : null,
            Text(s, "error_message")))];
    }

    /// <summary>The account's next <paramref name="count"/> sends answer <paramref name="status"/> with Twilio error
    /// <paramref name="code"/> (and <paramref name="message"/>, or Twilio's for the code), after
    /// <paramref name="delay"/> (a Twilio slower than the client's timeout).</summary>
    public async Task FailNextAsync(int count, int status, int code, string? message = null, TimeSpan? delay = null, CancellationToken cancellationToken = default) =>
        (await ControlAsync(HttpMethod.Post, "failures",
            new { count, status, code, message, delay_ms = (int)(delay ?? TimeSpan.Zero).TotalMilliseconds }, cancellationToken)).Dispose();

    public async Task ClearFailuresAsync(CancellationToken cancellationToken = default) =>
        (await ControlAsync(HttpMethod.Delete, "failures", null, cancellationToken)).Dispose();

    /// <summary>Forgets the account's messages and the record of its sends.</summary>
    public async Task ClearMessagesAsync(CancellationToken cancellationToken = default) =>
        (await ControlAsync(HttpMethod.Delete, "messages", null, cancellationToken)).Dispose();

    public void Dispose() => _http.Dispose();

    private static string? Text(JsonElement element, string name) =>
        element.GetProperty(name).ValueKind == JsonValueKind.String ? element.GetProperty(name).GetString() : null;

    private async Task<JsonDocument> ControlAsync(HttpMethod method, string path, object? body, CancellationToken cancellationToken)
    {
        using var request = new HttpRequestMessage(method, new Uri("/_standin/" + path, UriKind.Relative))
        {
            Content = body is null ? null : JsonContent.Create(body),
        };
        using var response = await _http.SendAsync(request, cancellationToken);
        var text = await response.Content.ReadAsStringAsync(cancellationToken);
        return response.IsSuccessStatusCode
            ? JsonDocument.Parse(text)
            : throw new InvalidOperationException($"The Twilio stand-in answered {(int)response.StatusCode} to {method} /_standin/{path}: {text}");
    }
}

/// <summary>One send the stand-in received: its parameters, and the HTTP status it answered with the message sid it
/// created, or Twilio's error code and message.</summary>
public sealed record StandInSms(
    string? To, string? From, string? Body, string? StatusCallback, int HttpStatus, string? Sid, int? ErrorCode, string? ErrorMessage);
