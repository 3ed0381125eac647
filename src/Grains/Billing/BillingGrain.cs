using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using VetrAI.Grains.Abstractions.Audit;
using VetrAI.Grains.Abstractions.Billing;
using VetrAI.Grains.Abstractions.Errors;
using VetrAI.Grains.Abstractions.Organizations;
using VetrAI.Grains.Audit;
using VetrAI.Grains.ReadModels;
using VetrAI.Grains.Scheduling;

namespace VetrAI.Grains.Billing;

/// <summary>One organization's billing. Stripe is the source of truth: API calls ask Stripe for a change and keep
/// its answer; webhooks bring every change, in any order and possibly twice. An event is applied once per id and
/// only if it is not older than the last event applied to the same object; when VetrAI itself changed a
/// subscription since (so the next event's age says nothing), or two events carry the same second, the
/// subscription is read back from Stripe. After every change the organization's plan follows the subscription
/// (<see cref="SyncPlanAsync"/>).</summary>
internal sealed partial class BillingGrain(
    [PersistentState("billing")] IPersistentState<BillingState> billing,
    IStripeGateway stripe,
    IOrganizationUsageReader usage,
    IAuditLog auditLog,
    Notifications.INotifier notifier,
    IOptions<BillingOptions> options,
    TimeProvider time,
    ILogger<BillingGrain> logger) : Grain, IBillingGrain, IRemindable
{
    public const int KeptInvoices = 500;
    public const int KeptUsageReports = 400;
    public static readonly TimeSpan EventIdRetention = TimeSpan.FromDays(30);
    private const string GraceReminder = "billing-grace";
    private const string UsageReminder = "billing-usage";
    private static readonly string[] _liveStatuses = ["trialing", "active", "past_due", "incomplete", "unpaid", "paused"];

    private BillingOptions Options => options.Value;

    private string OrganizationId => this.GetPrimaryKeyString();

    public async Task<BillingRedirect> StartCheckoutAsync(StartCheckoutCommand command)
    {
        ArgumentNullException.ThrowIfNull(command);
        var price = PriceOf(command.Plan);
        EnsureNoLiveSubscription();
        var customer = await EnsureCustomerAsync();
        // The same request, until a subscription starts, answers the same Checkout session.
        var request = $"{command.Plan}\n{command.SuccessUrl}\n{command.CancelUrl}";
        var key = $"vetrai-checkout-{OrganizationId}-{billing.State.SubscriptionRequests}-{Hash(request)}";
        var url = await stripe.CreateCheckoutSessionAsync(
            new CheckoutSessionRequest(customer, price, command.SuccessUrl, command.CancelUrl, OrganizationId), key);
        await AuditAsync("billing.checkout_started", command.Actor, new Dictionary<string, string?> { ["plan"] = command.Plan });
        return new BillingRedirect(url);
    }

    public async Task<BillingRedirect> OpenPortalAsync(string returnUrl, ActorContext actor)
    {
        EnsureEnabled();
        var customer = await EnsureCustomerAsync();
        return new BillingRedirect(await stripe.CreatePortalSessionAsync(customer, returnUrl));
    }

    public async Task<SubscriptionView> CreateSubscriptionAsync(CreateSubscriptionCommand command)
    {
        ArgumentNullException.ThrowIfNull(command);
        var price = PriceOf(command.Plan);
        // The same request repeated after a failure reuses its idempotency key: if Stripe created the subscription
        // and only the answer was lost, the retry gets that subscription (which a webhook may have brought
        // already) instead of a second one. Another request gets a key of its own.
        var pending = billing.State.PendingSubscription;
        var retry = pending is not null && pending.Plan == command.Plan && pending.TrialDays == command.TrialDays;
        if (!retry)
        {
            EnsureNoLiveSubscription();
        }

        var customer = await EnsureCustomerAsync();
        if (!retry)
        {
            pending = new PendingSubscription(billing.State.SubscriptionRequests + 1, command.Plan, command.TrialDays);
            billing.State = billing.State with { SubscriptionRequests = pending.Sequence, PendingSubscription = pending };
            await billing.WriteStateAsync();
        }

        var key = $"vetrai-subscription-{OrganizationId}-{pending!.Sequence}";
        StripeSubscription subscription;
        try
        {
            subscription = await stripe.CreateSubscriptionAsync(customer, price, command.TrialDays, OrganizationId, key);
        }
        catch (ConflictException)
        {
            // Stripe refused this request for good (a declined card, a reused key): the next one gets a key of its own.
            billing.State = billing.State with { PendingSubscription = null };
            await billing.WriteStateAsync();
            throw;
        }

        var before = billing.State;
        billing.State = Upsert(billing.State, new SubscriptionRecord(subscription, Find(subscription.Id)?.EventCreated)) with
        {
            PendingSubscription = null,
        };
        await SettleAsync(before);
        await AuditAsync("billing.subscription_created", command.Actor, new Dictionary<string, string?>
        {
            ["subscription_id"] = subscription.Id,
            ["plan"] = command.Plan,
            ["trial_days"] = command.TrialDays?.ToString(CultureInfo.InvariantCulture),
        });
        return View(subscription);
    }

    public Task<IReadOnlyList<SubscriptionView>> ListSubscriptionsAsync() =>
        Task.FromResult<IReadOnlyList<SubscriptionView>>(billing.State.Subscriptions.Select(record => View(record.Subscription)).ToList());

    public async Task<SubscriptionView> ChangePlanAsync(string subscriptionId, string plan, ActorContext actor)
    {
        var price = PriceOf(plan);
        var current = Find(subscriptionId) ?? throw new NotFoundException("Subscription not found.");
        if (current.Subscription.Status is "canceled" or "incomplete_expired")
        {
            throw new ConflictException("The subscription has ended; start a new one.");
        }

        if (string.Equals(current.Subscription.PriceId, price, StringComparison.Ordinal))
        {
            return View(current.Subscription);
        }

        var changed = await stripe.ChangePriceAsync(subscriptionId, price);
        var before = billing.State;
        billing.State = Upsert(billing.State, current with { Subscription = changed });
        await SettleAsync(before);
        await AuditAsync("billing.plan_changed", actor, new Dictionary<string, string?> { ["subscription_id"] = subscriptionId, ["plan"] = plan });
        return View(changed);
    }

    public async Task<SubscriptionView> CancelAsync(string subscriptionId, bool immediately, ActorContext actor)
    {
        EnsureEnabled();
        var current = Find(subscriptionId) ?? throw new NotFoundException("Subscription not found.");
        if (current.Subscription.Status == "canceled" || (!immediately && current.Subscription.CancelAtPeriodEnd))
        {
            return View(current.Subscription);
        }

        var canceled = immediately ? await stripe.CancelNowAsync(subscriptionId) : await stripe.CancelAtPeriodEndAsync(subscriptionId);
        var before = billing.State;
        billing.State = Upsert(billing.State, current with { Subscription = canceled });
        await SettleAsync(before);
        await AuditAsync("billing.subscription_canceled", actor, new Dictionary<string, string?>
        {
            ["subscription_id"] = subscriptionId,
            ["immediately"] = immediately ? "true" : "false",
        });
        return View(canceled);
    }

    public Task<InvoicePage> ListInvoicesAsync(int limit, string? after)
    {
        var (page, next) = InMemoryPages.After(billing.State.Invoices, record => record.Invoice.Id, after, limit);
        return Task.FromResult(new InvoicePage(page.Select(record => View(record.Invoice)).ToList(), next));
    }

    public Task<IReadOnlyList<UsageReportView>> ListUsageReportsAsync() => Task.FromResult(billing.State.UsageReports);

    public async Task<BillingEventOutcome> ApplyEventAsync(BillingEvent stripeEvent)
    {
        ArgumentNullException.ThrowIfNull(stripeEvent);
        if (billing.State.ProcessedEvents.Any(seen => string.Equals(seen.Id, stripeEvent.Id, StringComparison.Ordinal)))
        {
            // A redelivery; the plan is synced again in case the first delivery failed after recording the event.
            await SyncPlanAsync();
            return BillingEventOutcome.Duplicate;
        }

        if (!string.Equals(stripeEvent.CustomerId, billing.State.CustomerId, StringComparison.Ordinal))
        {
            LogForeignCustomer(logger, stripeEvent.Id, stripeEvent.CustomerId, OrganizationId);
            return BillingEventOutcome.Ignored;
        }

        var before = billing.State;
        bool applied;
        try
        {
            applied = stripeEvent switch
            {
                { Subscription: { } subscription } => await ApplySubscriptionAsync(subscription.Id, stripeEvent.Created),
                { Invoice: { } invoice } => ApplyInvoice(invoice, stripeEvent.Created),
                { CheckoutSubscriptionId: { } subscriptionId } when Find(subscriptionId) is null
                    => await ApplySubscriptionAsync(subscriptionId, stripeEvent.Created),
                _ => false,
            };
            var now = time.GetUtcNow();
            billing.State = billing.State with
            {
                ProcessedEvents =
                [
                    new ProcessedEvent(stripeEvent.Id, now),
                    .. billing.State.ProcessedEvents.Where(seen => now - seen.Created < EventIdRetention),
                ],
            };
            await SaveAsync();
        }
        catch
        {
            // Stripe retries the event; it must not find it applied in memory but not stored.
            billing.State = before;
            throw;
        }

        // After the event is recorded: a redelivery of it does not notify again.
        if (stripeEvent.Type == Stripe.EventTypes.InvoicePaymentFailed && applied && stripeEvent.Invoice is { } failed)
        {
            LogPaymentFailed(logger, OrganizationId, failed.Id);
            await notifier.NotifyRolesAsync(OrganizationId, [Abstractions.Auth.Roles.BillingAdmin, Abstractions.Auth.Roles.OrgAdmin], "billing.payment_failed",
                new Dictionary<string, string>(StringComparer.Ordinal)
                {
                    ["invoice_number"] = failed.Number ?? failed.Id,
                    ["amount_due"] = (failed.AmountDue / 100m).ToString("0.00", CultureInfo.InvariantCulture),
                    ["currency"] = failed.Currency.ToUpperInvariant(),
                    ["invoice_url"] = failed.HostedInvoiceUrl ?? "",
                });
        }

        await SyncPlanAsync();
        return applied ? BillingEventOutcome.Applied : BillingEventOutcome.Ignored;
    }

    public async Task ReceiveReminder(string reminderName, TickStatus status)
    {
        switch (reminderName)
        {
            case GraceReminder:
                await EndGraceAsync();
                break;
            case UsageReminder:
                await ReportUsageAsync();
                break;
            default:
                await this.DisarmAsync(reminderName);
                break;
        }
    }

    /// <summary>Applies a subscription event: one older than the last applied to the subscription changes nothing;
    /// otherwise the subscription is read back from Stripe, so that whatever order events arrive in, and whatever
    /// VetrAI changed through the API meanwhile, what is kept is Stripe's current state.</summary>
    private async Task<bool> ApplySubscriptionAsync(string subscriptionId, DateTimeOffset eventCreated)
    {
        var held = Find(subscriptionId);
        if (held?.EventCreated is { } last && eventCreated < last)
        {
            LogStaleEvent(logger, subscriptionId, eventCreated, last);
            return false;
        }

        var current = await stripe.GetSubscriptionAsync(subscriptionId);
        billing.State = Upsert(billing.State, new SubscriptionRecord(current, eventCreated));
        return true;
    }

    private bool ApplyInvoice(StripeInvoice invoice, DateTimeOffset eventCreated)
    {
        var invoices = billing.State.Invoices;
        var held = invoices.FirstOrDefault(record => string.Equals(record.Invoice.Id, invoice.Id, StringComparison.Ordinal));
        if (held is not null && (eventCreated < held.EventCreated || (eventCreated == held.EventCreated && IsFinal(held.Invoice.Status))))
        {
            return false;
        }

        var others = invoices.Where(record => !ReferenceEquals(record, held));
        billing.State = billing.State with
        {
            Invoices = [.. others.Append(new InvoiceRecord(invoice, eventCreated))
                .OrderByDescending(record => record.Invoice.Created)
                .ThenByDescending(record => record.Invoice.Id, StringComparer.Ordinal)
                .Take(KeptInvoices)],
        };
        return true;
    }

    private static bool IsFinal(string invoiceStatus) => invoiceStatus is "paid" or "void" or "uncollectible";

    /// <summary>Stores a change made through the API (<paramref name="before"/> is the state it started from, put
    /// back if storing fails), then brings the organization's plan in line.</summary>
    private async Task SettleAsync(BillingState before)
    {
        try
        {
            await SaveAsync();
        }
        catch
        {
            billing.State = before;
            throw;
        }

        await SyncPlanAsync();
    }

    /// <summary>Arms or removes the grace and usage reminders for the current subscription, then writes the state.</summary>
    private async Task SaveAsync()
    {
        var current = CurrentSubscription();
        if (current?.Status == "past_due")
        {
            if (billing.State.PastDueSince is null)
            {
                billing.State = billing.State with { PastDueSince = time.GetUtcNow(), GraceEnded = false };
                await this.ArmAsync(GraceReminder, Options.GracePeriod);
            }
        }
        else if (billing.State.PastDueSince is not null)
        {
            billing.State = billing.State with { PastDueSince = null, GraceEnded = false };
            await this.DisarmAsync(GraceReminder);
        }

        if (current is not null && billing.State.UsageReportedUntil is null)
        {
            var period = Options.UsageReportPeriod;
            var start = PeriodStart(time.GetUtcNow(), period);
            billing.State = billing.State with { UsageReportedUntil = start };
            await this.ArmAsync(UsageReminder, start + period + Options.UsageReportDelay - time.GetUtcNow());
        }

        await billing.WriteStateAsync();
    }

    /// <summary>Sets the organization's plan from the current subscription: active or trialing grant its plan,
    /// past_due keeps it until the grace period ends, anything else (canceled, incomplete, none left) is free.
    /// An organization that never had a subscription keeps the plan it has.</summary>
    private async Task SyncPlanAsync()
    {
        if (billing.State.Subscriptions.Count == 0)
        {
            return;
        }

        var current = CurrentSubscription();
        var plan = current switch
        {
            { Status: "active" or "trialing" } => Options.PlanOfPrice(current.PriceId),
            { Status: "past_due" } when !billing.State.GraceEnded => Options.PlanOfPrice(current.PriceId),
            _ => null,
        } ?? OrganizationPlans.Free;
        var organization = GrainFactory.GetGrain<IOrganizationGrain>(OrganizationId);
        var info = await organization.GetAsync();
        if (info.Deleted || string.Equals(info.Plan, plan, StringComparison.Ordinal))
        {
            return;
        }

        await organization.UpdateAsync(new UpdateOrganizationCommand(null, null, plan, null, ActorContext.System));
        LogPlanChanged(logger, OrganizationId, info.Plan, plan, current?.Status ?? "none");
    }

    private async Task EndGraceAsync()
    {
        var current = CurrentSubscription();
        if (current?.Status != "past_due" || billing.State.PastDueSince is not { } since)
        {
            await this.DisarmAsync(GraceReminder);
            return;
        }

        var remaining = since + Options.GracePeriod - time.GetUtcNow();
        if (remaining > TimeSpan.Zero)
        {
            await this.ArmAsync(GraceReminder, remaining);
            return;
        }

        var before = billing.State;
        billing.State = billing.State with { GraceEnded = true };
        try
        {
            await billing.WriteStateAsync();
        }
        catch
        {
            billing.State = before;
            throw;
        }

        await SyncPlanAsync();
        await this.DisarmAsync(GraceReminder);
    }

    /// <summary>Reports every finished period not yet reported, one meter event each, with an identifier made of
    /// the organization and the period: a report retried after a lost answer is one event at Stripe.</summary>
    private async Task ReportUsageAsync()
    {
        var period = Options.UsageReportPeriod;
        var delay = Options.UsageReportDelay;
        if (billing.State.CustomerId is not { } customer || billing.State.UsageReportedUntil is not { } from)
        {
            await this.DisarmAsync(UsageReminder);
            return;
        }

        try
        {
            while (from + period + delay <= time.GetUtcNow())
            {
                var to = from + period;
                var value = await usage.CountValidAsync(OrganizationId, from, to, CancellationToken.None);
                var reports = billing.State.UsageReports;
                if (value > 0)
                {
                    var identifier = UsageIdentifier(from, period);
                    await stripe.ReportUsageAsync(customer, identifier, value, to.AddSeconds(-1));
                    reports = [new UsageReportView(from, identifier, value, time.GetUtcNow()), .. reports.Take(KeptUsageReports - 1)];
                }

                billing.State = billing.State with { UsageReportedUntil = to, UsageReports = reports, UsageReportFailures = 0 };
                await billing.WriteStateAsync();
                from = to;
            }
        }
        catch (Exception exception) when (exception is ServiceUnavailableException or System.Data.Common.DbException or TimeoutException)
        {
            var failures = billing.State.UsageReportFailures + 1;
            billing.State = billing.State with { UsageReportFailures = failures };
            await billing.WriteStateAsync();
            var retry = TimeSpan.FromSeconds(Math.Min(3600, 30 * Math.Pow(2, Math.Min(failures - 1, 7))));
            LogUsageReportFailed(logger, OrganizationId, retry, exception);
            await this.ArmAsync(UsageReminder, retry);
            return;
        }

        if (CurrentSubscription() is null)
        {
            // Nothing left to bill: the last periods are reported, the schedule ends until a new subscription.
            billing.State = billing.State with { UsageReportedUntil = null };
            await billing.WriteStateAsync();
            await this.DisarmAsync(UsageReminder);
            return;
        }

        await this.ArmAsync(UsageReminder, from + period + delay - time.GetUtcNow());
    }

    private string UsageIdentifier(DateTimeOffset start, TimeSpan period) =>
        period == TimeSpan.FromDays(1)
            ? $"{OrganizationId}-{start.UtcDateTime.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture)}"
            : $"{OrganizationId}-{start.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture)}";

    private static DateTimeOffset PeriodStart(DateTimeOffset now, TimeSpan period) =>
        new(now.UtcTicks - ((now.UtcTicks - DateTimeOffset.UnixEpoch.UtcTicks) % period.Ticks), TimeSpan.Zero);

    /// <summary>The subscription that decides the plan: the newest one that has not ended.</summary>
    private StripeSubscription? CurrentSubscription() =>
        billing.State.Subscriptions.Select(record => record.Subscription).FirstOrDefault(s => _liveStatuses.Contains(s.Status, StringComparer.Ordinal));

    private void EnsureNoLiveSubscription()
    {
        if (CurrentSubscription() is { Status: not ("incomplete" or "incomplete_expired") } live)
        {
            throw new ConflictException($"The organization already has a {live.Status} subscription ({live.Id}); change its plan instead.");
        }
    }

    private async Task<string> EnsureCustomerAsync()
    {
        if (billing.State.CustomerId is { } existing)
        {
            return existing;
        }

        var organization = await GrainFactory.GetGrain<IOrganizationGrain>(OrganizationId).GetAsync();
        var customer = await stripe.CreateCustomerAsync(OrganizationId, organization.Name, $"vetrai-customer-{OrganizationId}");
        // The index first: a webhook about the customer can only find this grain through it.
        await GrainFactory.GetGrain<IStripeCustomerIndexGrain>(customer).SetOrganizationAsync(OrganizationId);
        var before = billing.State;
        billing.State = billing.State with { OrganizationId = OrganizationId, CustomerId = customer };
        try
        {
            await billing.WriteStateAsync();
        }
        catch
        {
            billing.State = before;
            throw;
        }

        return customer;
    }

    private SubscriptionRecord? Find(string subscriptionId) =>
        billing.State.Subscriptions.FirstOrDefault(record => string.Equals(record.Subscription.Id, subscriptionId, StringComparison.Ordinal));

    private static BillingState Upsert(BillingState state, SubscriptionRecord record) => state with
    {
        Subscriptions = [.. state.Subscriptions
            .Where(held => !string.Equals(held.Subscription.Id, record.Subscription.Id, StringComparison.Ordinal))
            .Append(record)
            .OrderByDescending(held => held.Subscription.Created)
            .ThenByDescending(held => held.Subscription.Id, StringComparer.Ordinal)],
    };

    private string PriceOf(string plan)
    {
        EnsureEnabled();
        return Options.PlanPrices.TryGetValue(plan, out var price) && price.Length > 0
            ? price
            : throw new InvalidInputException($"plan must be one of: {string.Join(", ", Options.PlanPrices.Keys)}.");
    }

    private void EnsureEnabled()
    {
        if (!Options.Enabled)
        {
            throw new ServiceUnavailableException($"Billing is not configured on this deployment ({BillingOptions.SecretKeySetting}).");
        }
    }

    private SubscriptionView View(StripeSubscription subscription) => new(
        subscription.Id, Options.PlanOfPrice(subscription.PriceId), subscription.Status, subscription.CurrentPeriodEnd,
        subscription.CancelAtPeriodEnd, subscription.TrialEnd);

    private static InvoiceView View(StripeInvoice invoice) => new(
        invoice.Id, invoice.Number, invoice.Status, invoice.AmountDue, invoice.AmountPaid, invoice.Currency, invoice.HostedInvoiceUrl, invoice.Created);

    private static string Hash(string text) => Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(text)))[..16];

    private Task AuditAsync(string action, ActorContext actor, IReadOnlyDictionary<string, string?> details) =>
        auditLog.WriteAsync(new AuditEntry(OrganizationId, action, $"organization:{OrganizationId}", actor, details));

    [LoggerMessage(Level = LogLevel.Information, Message = "Organization {OrganizationId} moved from plan {OldPlan} to {NewPlan} (subscription {Status})")]
    private static partial void LogPlanChanged(ILogger logger, string organizationId, string oldPlan, string newPlan, string status);

    [LoggerMessage(Level = LogLevel.Information, Message = "Event for subscription {SubscriptionId} created at {EventCreated} is older than the one applied ({Applied}); ignored")]
    private static partial void LogStaleEvent(ILogger logger, string subscriptionId, DateTimeOffset eventCreated, DateTimeOffset applied);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Event {EventId} of customer {CustomerId} does not match organization {OrganizationId}'s customer; ignored")]
    private static partial void LogForeignCustomer(ILogger logger, string eventId, string customerId, string organizationId);

    [LoggerMessage(Level = LogLevel.Warning, Message = "A payment of organization {OrganizationId} failed (invoice {InvoiceId})")]
    private static partial void LogPaymentFailed(ILogger logger, string organizationId, string? invoiceId);

    [LoggerMessage(Level = LogLevel.Warning, Message = "The usage report of organization {OrganizationId} failed; retried in {Retry}")]
    private static partial void LogUsageReportFailed(ILogger logger, string organizationId, TimeSpan retry, Exception exception);
}
