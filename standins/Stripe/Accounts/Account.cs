using System.Text.Json.Nodes;
using VetrAI.StripeStandIn.Billing;
using VetrAI.StripeStandIn.Webhooks;
using VetrAI.StripeStandIn.Wire;

namespace VetrAI.StripeStandIn.Accounts;

/// <summary>Everything one API key owns. Every read and change happens under <see cref="Gate"/>; webhook
/// deliveries run outside it.</summary>
internal sealed class Account(string secretKey, StandInOptions options)
{
    private TimeSpan _clockOffset;

    public Lock Gate { get; } = new();

    public string SecretKey { get; } = secretKey;

    public StandInOptions Options { get; } = options;

    public ObjectStore<Customer> Customers { get; } = new(c => c.Id);

    public ObjectStore<Subscription> Subscriptions { get; } = new(s => s.Id);

    public ObjectStore<Invoice> Invoices { get; } = new(i => i.Id);

    public ObjectStore<CheckoutSession> CheckoutSessions { get; } = new(s => s.Id);

    public ObjectStore<PortalSession> PortalSessions { get; } = new(s => s.Id);

    public ObjectStore<WebhookEndpoint> WebhookEndpoints { get; } = new(e => e.Id);

    public ObjectStore<StoredEvent> Events { get; } = new(e => e.Id);

    public List<MeterEvent> MeterEvents { get; } = [];

    public Dictionary<string, IdempotentResult> IdempotentResults { get; } = new(StringComparer.Ordinal);

    public FaultPlan? Faults { get; set; }

    public bool WebhooksPaused { get; private set; }

    public bool DeliverBeforeResponse { get; set; }

    /// <summary>Completed while deliveries may run; replaced by an incomplete one while they are paused.</summary>
    public TaskCompletionSource Unpaused { get; private set; } = Completed();

    /// <summary>The API request being handled (for events' <c>request</c>); null for the stand-in's own
    /// control calls, like Stripe's automatic and Dashboard changes.</summary>
    public (string Id, string? IdempotencyKey)? CurrentRequest { get; set; }

    /// <summary>Events created by the call being handled, for the dispatcher to deliver once it is done.</summary>
    public List<StoredEvent> NewEvents { get; } = [];

    /// <summary>The account's test clock: real time plus how far tests advanced it.</summary>
    public DateTimeOffset Now => DateTimeOffset.UtcNow + _clockOffset;

    public long NowUnix => Now.ToUnixTimeSeconds();

    public void AdvanceClockTo(long unixSeconds)
    {
        var target = DateTimeOffset.FromUnixTimeSeconds(unixSeconds);
        var now = Now;
        if (target > now)
        {
            _clockOffset += target - now;
        }
    }

    public void SetWebhooksPaused(bool paused)
    {
        if (paused == WebhooksPaused)
        {
            return;
        }

        WebhooksPaused = paused;
        if (paused)
        {
            Unpaused = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        }
        else
        {
            Unpaused.TrySetResult();
        }
    }

    public Customer RequireCustomer(string? id, string param = "customer")
    {
        if (string.IsNullOrEmpty(id))
        {
            throw StripeError.Required(param);
        }

        return Customers.Find(id) ?? throw StripeError.MissingParam("customer", id, param);
    }

    /// <summary>Records an event about <paramref name="data"/> for every webhook endpoint that wants its type.</summary>
    public StoredEvent Emit(string type, JsonObject data, JsonObject? previousAttributes = null)
    {
        var id = Ids.New("evt");
        var created = NowUnix;
        var endpoints = WebhookEndpoints.OldestFirst.Where(e => e.Wants(type)).Select(e => e.Id).ToList();
        var eventData = new JsonObject { ["object"] = data.DeepClone() };
        if (previousAttributes is not null)
        {
            eventData["previous_attributes"] = previousAttributes;
        }

        var json = new JsonObject
        {
            ["id"] = id,
            ["object"] = "event",
            ["api_version"] = StripeApiVersion.Current,
            ["created"] = created,
            ["data"] = eventData,
            ["livemode"] = false,
            ["pending_webhooks"] = endpoints.Count,
            ["request"] = new JsonObject { ["id"] = CurrentRequest?.Id, ["idempotency_key"] = CurrentRequest?.IdempotencyKey },
            ["type"] = type,
        };
        var stored = new StoredEvent { Id = id, Type = type, Created = created, Json = json, Body = json.ToJsonString(StripeJson.Options) };
        stored.PendingEndpoints.UnionWith(endpoints);
        Events.Add(stored);
        NewEvents.Add(stored);
        return stored;
    }

    /// <summary>Emits <paramref name="type"/> when the object changed since <paramref name="before"/>.</summary>
    public void EmitUpdated(string type, JsonObject before, JsonObject after)
    {
        var previous = StripeJson.PreviousAttributes(before, after);
        if (previous.Count > 0)
        {
            Emit(type, after, previous);
        }
    }

    public void ForgetOldIdempotencyKeys()
    {
        var cutoff = DateTimeOffset.UtcNow - TimeSpan.FromHours(24);
        foreach (var key in IdempotentResults.Where(p => p.Value.At < cutoff).Select(p => p.Key).ToList())
        {
            IdempotentResults.Remove(key);
        }
    }

    private static TaskCompletionSource Completed()
    {
        var done = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        done.SetResult();
        return done;
    }
}

/// <summary>A stored answer to a POST with an <c>Idempotency-Key</c>, replayed for the same key and parameters.</summary>
internal sealed record IdempotentResult(string Fingerprint, int Status, string Body, DateTimeOffset At);

/// <summary>Faults a test asked for: the next <see cref="Remaining"/> API requests answer <see cref="Status"/>.</summary>
internal sealed class FaultPlan(int status, int remaining, bool afterProcessing)
{
    public int Status { get; } = status;

    public int Remaining { get; set; } = remaining;

    public bool AfterProcessing { get; } = afterProcessing;

    public JsonObject ToJson() => new() { ["status"] = Status, ["count"] = Remaining, ["after_processing"] = AfterProcessing };
}

/// <summary>Every account, by API key: created on its first request, as if each key were its own Stripe account.</summary>
internal sealed class AccountRegistry(StandInOptions options)
{
    private readonly Dictionary<string, Account> _accounts = new(StringComparer.Ordinal);
    private readonly Lock _gate = new();

    public Account GetOrCreate(string secretKey)
    {
        lock (_gate)
        {
            if (_accounts.TryGetValue(secretKey, out var account))
            {
                return account;
            }

            account = new Account(secretKey, options);
            if (options.DefaultWebhookUrl is not null)
            {
                // The scripts' VetrAI gets its webhooks without registering an endpoint first.
                account.WebhookEndpoints.Add(new WebhookEndpoint
                {
                    Id = Ids.New("we"),
                    Created = account.NowUnix,
                    Secret = options.DefaultWebhookSecret!,
                    Url = options.DefaultWebhookUrl,
                    EnabledEvents = ["*"],
                    Description = "STRIPE_STANDIN_WEBHOOK_URL",
                });
            }

            _accounts[secretKey] = account;
            return account;
        }
    }

    /// <summary>The account that owns an object of a hosted page (checkout, invoice, portal): those pages work
    /// without an API key, as Stripe's do.</summary>
    public Account? FindOwner(Func<Account, bool> owns)
    {
        List<Account> all;
        lock (_gate)
        {
            all = [.. _accounts.Values];
        }

        foreach (var account in all)
        {
            lock (account.Gate)
            {
                if (owns(account))
                {
                    return account;
                }
            }
        }

        return null;
    }
}
