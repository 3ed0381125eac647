using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Twilio.Clients;
using Twilio.Exceptions;
using Twilio.Http;
using Twilio.Rest.Api.V2010.Account;
using Twilio.Types;

namespace VetrAI.Grains.Notifications.Sms;

/// <summary><see cref="ISmsSender"/> on Twilio's .NET client (8.2.0): <c>MessageResource.CreateAsync</c> with a
/// <see cref="TwilioRestClient"/> of its own (never the static <c>TwilioClient</c>), over a
/// <see cref="System.Net.Http.HttpClient"/> whose bottom handler sends to <see cref="TwilioOptions.ApiBase"/>.</summary>
internal sealed partial class TwilioSmsSender : ISmsSender, IDisposable
{
    private readonly TwilioOptions _options;
    private readonly ILogger<TwilioSmsSender> _logger;
    private readonly System.Net.Http.HttpClient? _http;
    private readonly TwilioRestClient? _client;

    public TwilioSmsSender(IOptions<TwilioOptions> options, ILogger<TwilioSmsSender> logger)
    {
        ArgumentNullException.ThrowIfNull(options);
        _options = options.Value;
        _logger = logger;
        if (!_options.Enabled)
        {
            return;
        }

        var transport = new SocketsHttpHandler
        {
            // Twilio answers a create once; a redirect is not part of its API.
            AllowAutoRedirect = false,
            PooledConnectionLifetime = TimeSpan.FromMinutes(5),
        };
        _http = new System.Net.Http.HttpClient(new TwilioApiBaseHandler(new Uri(_options.ApiBase), transport))
        {
            Timeout = _options.RequestTimeout,
        };
        _client = new TwilioRestClient(_options.AccountSid, _options.AuthToken, httpClient: new SystemNetHttpClient(_http));
    }

    public async Task<SmsResult> SendAsync(string to, string body, string idempotencyKey, CancellationToken cancellationToken)
    {
        ArgumentException.ThrowIfNullOrEmpty(to);
        ArgumentNullException.ThrowIfNull(body);
        if (_client is null)
        {
            LogNotConfigured(_logger, idempotencyKey);
            return SmsResult.NotConfigured;
        }

        cancellationToken.ThrowIfCancellationRequested();
        // Seen by the handler below Twilio's client for this call only (reverts when this method returns).
        TwilioApiBaseHandler.CallerCancellation = cancellationToken;
        try
        {
            var message = await MessageResource.CreateAsync(
                new CreateMessageOptions(new PhoneNumber(to)) { From = new PhoneNumber(_options.From), Body = body }, _client);
            var status = message.Status?.ToString() ?? "queued";
            if (message.Status == MessageResource.StatusEnum.Failed || message.Status == MessageResource.StatusEnum.Undelivered)
            {
                LogRejected(_logger, idempotencyKey, message.ErrorCode ?? 0, message.ErrorMessage ?? status);
                return SmsResult.Failed(message.ErrorCode, message.ErrorMessage ?? $"Twilio reported the message {status}.");
            }

            LogSent(_logger, idempotencyKey, message.Sid, status);
            return SmsResult.Accepted(message.Sid, status);
        }
        catch (ApiException e) when (IsPermanent(e.Status))
        {
            LogRejected(_logger, idempotencyKey, e.Code, e.Message);
            return SmsResult.Failed(e.Code, e.Message);
        }
        catch (ApiException e)
        {
            LogTransient(_logger, idempotencyKey, e.Message);
            // Status 0: an error body that was not Twilio's JSON (a proxy's page), so nothing says it was refused.
            throw new SmsTransientException($"Twilio answered {e.Status}: {e.Message}", e, e.Status == 0 ? null : e.Status,
                e.Code == 0 ? null : e.Code, mayHaveBeenSent: e.Status != 429);
        }
        catch (ApiStandardException e) when (IsPermanent(e.Status))
        {
            LogRejected(_logger, idempotencyKey, e.Code, e.Detail ?? e.Title ?? e.Message);
            return SmsResult.Failed(e.Code, e.Detail ?? e.Title ?? e.Message);
        }
        catch (ApiStandardException e)
        {
            LogTransient(_logger, idempotencyKey, e.Message);
            throw new SmsTransientException($"Twilio answered {e.Status}: {e.Detail ?? e.Title}", e, e.Status, e.Code, mayHaveBeenSent: e.Status != 429);
        }
        catch (ApiConnectionException) when (cancellationToken.IsCancellationRequested)
        {
            throw new OperationCanceledException(cancellationToken);
        }
        catch (ApiConnectionException e)
        {
            var refused = e.InnerException is HttpRequestException { HttpRequestError: HttpRequestError.ConnectionError or HttpRequestError.NameResolutionError };
            var what = e.InnerException is TaskCanceledException
                ? $"Twilio did not answer within {_options.RequestTimeout.TotalMilliseconds:0} ms ({TwilioOptions.TimeoutSetting})"
                : $"Twilio could not be reached at {_options.ApiBase}: {e.InnerException?.Message ?? e.Message}";
            LogTransient(_logger, idempotencyKey, what);
            throw new SmsTransientException(what, e, null, null, mayHaveBeenSent: !refused);
        }
    }

    public void Dispose() => _http?.Dispose();

    // A 4xx (the number, the sender, the body, the account) stays wrong however often it is retried; 408 and 429 do not.
    private static bool IsPermanent(int status) => status is >= 400 and < 500 and not 408 and not 429;

    [LoggerMessage(Level = LogLevel.Information, Message = "SMS {IdempotencyKey} sent: Twilio message {Sid}, {Status}")]
    private static partial void LogSent(ILogger logger, string idempotencyKey, string sid, string status);

    [LoggerMessage(Level = LogLevel.Warning, Message = "SMS {IdempotencyKey} failed for good: Twilio error {Code}: {Error}")]
    private static partial void LogRejected(ILogger logger, string idempotencyKey, int code, string error);

    [LoggerMessage(Level = LogLevel.Warning, Message = "SMS {IdempotencyKey} not sent yet, to be retried: {Error}")]
    private static partial void LogTransient(ILogger logger, string idempotencyKey, string error);

    [LoggerMessage(Level = LogLevel.Warning, Message = "SMS {IdempotencyKey} not sent: SMS is not configured (" + TwilioOptions.AccountSidSetting + " is unset)")]
    private static partial void LogNotConfigured(ILogger logger, string idempotencyKey);
}
