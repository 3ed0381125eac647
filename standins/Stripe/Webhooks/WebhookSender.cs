using System.Globalization;
using System.Net.Http.Headers;
using System.Security.Cryptography;
using System.Text;
using System.Threading.Channels;
using VetrAI.StripeStandIn.Accounts;

namespace VetrAI.StripeStandIn.Webhooks;

/// <summary>Delivers events to webhook endpoints as Stripe does: a signed JSON POST, retried with backoff on a
/// non-2xx answer or a failed connection. First attempts to one endpoint go out in event order; a retry waits on
/// its own, so one failing event never holds up the next ones.</summary>
internal sealed partial class WebhookSender(StandInOptions options, IHostApplicationLifetime lifetime, ILogger<WebhookSender> logger)
{
    private static readonly TimeSpan AttemptTimeout = TimeSpan.FromSeconds(15);

    private readonly HttpClient _http = new(new SocketsHttpHandler { PooledConnectionLifetime = TimeSpan.FromMinutes(1) }) { Timeout = AttemptTimeout };
    private readonly Dictionary<string, Channel<Delivery>> _queues = new(StringComparer.Ordinal);
    private readonly Lock _gate = new();

    /// <summary>Queues each event for the given endpoints (default: those it is still pending for); the tasks
    /// complete when the first attempt of each delivery is over.</summary>
    public List<Task> Enqueue(Account account, IEnumerable<StoredEvent> events, IReadOnlyList<string>? endpointIds = null)
    {
        var deliveries = new List<Delivery>();
        lock (account.Gate)
        {
            foreach (var stored in events)
            {
                foreach (var endpointId in endpointIds ?? [.. stored.PendingEndpoints])
                {
                    stored.PendingEndpoints.Add(endpointId);
                    deliveries.Add(new Delivery(account, stored, endpointId));
                }
            }
        }

        foreach (var delivery in deliveries)
        {
            Queue(delivery.EndpointId).Writer.TryWrite(delivery);
        }

        return [.. deliveries.Select(d => d.FirstAttempt.Task)];
    }

    /// <summary>The signature header Stripe sends: <c>t=&lt;unix seconds&gt;,v1=&lt;hex HMAC-SHA256(secret, "t.body")&gt;</c>.</summary>
    public static string Sign(string secret, string body, long timestamp)
    {
        var t = timestamp.ToString(CultureInfo.InvariantCulture);
        var mac = HMACSHA256.HashData(Encoding.UTF8.GetBytes(secret), Encoding.UTF8.GetBytes($"{t}.{body}"));
        return $"t={t},v1={Convert.ToHexStringLower(mac)}";
    }

    private Channel<Delivery> Queue(string endpointId)
    {
        lock (_gate)
        {
            if (!_queues.TryGetValue(endpointId, out var queue))
            {
                queue = Channel.CreateUnbounded<Delivery>(new UnboundedChannelOptions { SingleReader = true });
                _queues[endpointId] = queue;
                _ = Task.Run(() => DrainAsync(queue));
            }

            return queue;
        }
    }

    private async Task DrainAsync(Channel<Delivery> queue)
    {
        try
        {
            await foreach (var delivery in queue.Reader.ReadAllAsync(lifetime.ApplicationStopping))
            {
                await AttemptAsync(delivery, 1);
            }
        }
        catch (OperationCanceledException)
        {
            // The stand-in is stopping.
        }
    }

    private async Task AttemptAsync(Delivery delivery, int attempt)
    {
        var account = delivery.Account;
        var stopping = lifetime.ApplicationStopping;
        while (true)
        {
            Task unpaused;
            lock (account.Gate)
            {
                unpaused = account.Unpaused.Task;
            }

            if (unpaused.IsCompleted)
            {
                break;
            }

            await unpaused.WaitAsync(stopping);
        }

        Uri url;
        string secret;
        lock (account.Gate)
        {
            var endpoint = account.WebhookEndpoints.Find(delivery.EndpointId);
            if (endpoint is null || endpoint.Disabled)
            {
                // Deleted or disabled since: Stripe drops what it still owed such an endpoint.
                delivery.Event.PendingEndpoints.Remove(delivery.EndpointId);
                delivery.FirstAttempt.TrySetResult();
                return;
            }

            url = endpoint.Url;
            secret = endpoint.Secret;
        }

        int? status = null;
        string? error = null;
        try
        {
            using var content = new StringContent(delivery.Event.Body, Encoding.UTF8);
            content.Headers.ContentType = new MediaTypeHeaderValue("application/json") { CharSet = "utf-8" };
            using var request = new HttpRequestMessage(HttpMethod.Post, url) { Content = content };
            request.Headers.TryAddWithoutValidation("User-Agent", "Stripe/1.0 (+https://stripe.com/docs/webhooks)");
            // Real time, not the account's test clock: receivers check it against their own clock.
            request.Headers.TryAddWithoutValidation("Stripe-Signature", Sign(secret, delivery.Event.Body, DateTimeOffset.UtcNow.ToUnixTimeSeconds()));
            using var response = await _http.SendAsync(request, stopping);
            status = (int)response.StatusCode;
        }
        catch (HttpRequestException e)
        {
            error = e.Message;
        }
        catch (TaskCanceledException) when (!stopping.IsCancellationRequested)
        {
            error = $"no answer within {AttemptTimeout.TotalSeconds:0}s";
        }

        var succeeded = status is >= 200 and < 300;
        var final = !succeeded && attempt > options.RetryDelays.Count;
        lock (account.Gate)
        {
            delivery.Event.Attempts.Add(new DeliveryAttempt(delivery.EndpointId, url.ToString(), attempt, status, error, DateTimeOffset.UtcNow, final));
            if (succeeded || final)
            {
                delivery.Event.PendingEndpoints.Remove(delivery.EndpointId);
            }
        }

        LogAttempt(logger, delivery.Event.Type, delivery.Event.Id, url, attempt, status?.ToString(CultureInfo.InvariantCulture) ?? error ?? "?");
        delivery.FirstAttempt.TrySetResult();
        if (!succeeded && !final)
        {
            _ = RetryAsync(delivery, attempt + 1, options.RetryDelays[attempt - 1]);
        }
    }

    private async Task RetryAsync(Delivery delivery, int attempt, TimeSpan delay)
    {
        try
        {
            await Task.Delay(delay, lifetime.ApplicationStopping);
            await AttemptAsync(delivery, attempt);
        }
        catch (OperationCanceledException)
        {
            // The stand-in is stopping.
        }
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "webhook {Type} {EventId} → {Url} attempt {Attempt}: {Outcome}")]
    private static partial void LogAttempt(ILogger logger, string type, string eventId, Uri url, int attempt, string outcome);

    private sealed record Delivery(Account Account, StoredEvent Event, string EndpointId)
    {
        public TaskCompletionSource FirstAttempt { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);
    }
}
