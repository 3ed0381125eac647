using System.Collections.Concurrent;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Npgsql;
using NpgsqlTypes;
using VetrAI.Runtime.Messaging;

namespace VetrAI.Runtime.Reminders;

/// <summary>Every poll interval, claims due reminders (any silo may; SKIP LOCKED keeps silos apart, the
/// lease keeps a claimed reminder from being claimed again while it is delivered) and delivers each as an
/// ordinary grain call, so in a cluster it reaches the grain's owner. After a delivery the row advances
/// (periodic) or goes (one-shot), but only if its etag is unchanged: a re-registration during the delivery
/// wins. A failed delivery keeps its lease until it expires, and is then delivered again.</summary>
internal sealed partial class ReminderPoller(
    NpgsqlDataSource dataSource,
    GrainFactory grainFactory,
    IOptions<SiloOptions> options,
    ILogger<ReminderPoller> logger)
{
    private const int BatchSize = 100;

    private const string ClaimSql =
        "UPDATE reminders r SET lease_until = now() + $1 "
        + "FROM (SELECT grain_type, grain_key, reminder_name FROM reminders "
        + "      WHERE next_due <= now() AND (lease_until IS NULL OR lease_until < now()) "
        + "      ORDER BY next_due LIMIT $2 FOR UPDATE SKIP LOCKED) due "
        + "WHERE r.grain_type = due.grain_type AND r.grain_key = due.grain_key AND r.reminder_name = due.reminder_name "
        + "RETURNING r.grain_type, r.grain_key, r.reminder_name, r.period_ms, r.first_tick, r.next_due, r.etag";

    // The next due time after now, on the reminder's original grid (missed ticks are skipped, not replayed).
    private const string AdvanceSql =
        "UPDATE reminders SET lease_until = NULL, next_due = next_due + make_interval(secs => period_ms / 1000.0 * "
        + "(floor(extract(epoch FROM (now() - next_due)) * 1000 / period_ms) + 1)) "
        + "WHERE grain_type = $1 AND grain_key = $2 AND reminder_name = $3 AND etag = $4";

    private const string DeleteSql =
        "DELETE FROM reminders WHERE grain_type = $1 AND grain_key = $2 AND reminder_name = $3 AND etag = $4";

    private readonly SiloOptions _options = options.Value;
    private readonly ConcurrentDictionary<Task, byte> _deliveries = new();
    private CancellationTokenSource? _stop;
    private Task? _loop;

    public void Start()
    {
        _stop = new CancellationTokenSource();
        _loop = RunAsync(_stop.Token);
    }

    /// <summary>Stops claiming and waits for deliveries already under way.</summary>
    public async Task StopAsync()
    {
        if (_stop is null || _loop is null)
        {
            return;
        }

        await _stop.CancelAsync();
        await _loop;
        await Task.WhenAll(_deliveries.Keys);
        _stop.Dispose();
    }

    private async Task RunAsync(CancellationToken cancellationToken)
    {
        using var timer = new PeriodicTimer(_options.ReminderPollInterval);
        try
        {
            do
            {
                try
                {
                    int claimed;
                    do
                    {
                        claimed = await ClaimAndDeliverAsync(cancellationToken);
                    }
                    while (claimed == BatchSize && !cancellationToken.IsCancellationRequested);
                }
                catch (Exception ex) when (!cancellationToken.IsCancellationRequested)
                {
                    LogPollFailed(logger, ex);
                }
            }
            while (await timer.WaitForNextTickAsync(cancellationToken));
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            // Stopping.
        }
    }

    private async Task<int> ClaimAndDeliverAsync(CancellationToken cancellationToken)
    {
        var due = new List<DueReminder>();
        await using (var command = dataSource.CreateCommand(ClaimSql))
        {
            command.Parameters.Add(new NpgsqlParameter<TimeSpan> { NpgsqlDbType = NpgsqlDbType.Interval, TypedValue = _options.ReminderLease });
            command.Parameters.Add(new NpgsqlParameter<int> { TypedValue = BatchSize });
            await using var reader = await command.ExecuteReaderAsync(cancellationToken);
            while (await reader.ReadAsync(cancellationToken))
            {
                due.Add(new DueReminder(
                    new GrainId(reader.GetString(0), reader.GetString(1)),
                    reader.GetString(2),
                    reader.IsDBNull(3) ? null : reader.GetInt64(3),
                    new DateTimeOffset(reader.GetDateTime(4), TimeSpan.Zero),
                    new DateTimeOffset(reader.GetDateTime(5), TimeSpan.Zero),
                    reader.GetInt64(6)));
            }
        }

        foreach (var reminder in due)
        {
            var delivery = DeliverAsync(reminder);
            _deliveries.TryAdd(delivery, 0);
            _ = delivery.ContinueWith(static (t, state) => ((ConcurrentDictionary<Task, byte>)state!).TryRemove(t, out _),
                _deliveries, CancellationToken.None, TaskContinuationOptions.ExecuteSynchronously, TaskScheduler.Default);
        }

        return due.Count;
    }

    private async Task DeliverAsync(DueReminder reminder)
    {
        try
        {
            var period = reminder.PeriodMilliseconds is { } ms ? TimeSpan.FromMilliseconds(ms) : Timeout.InfiniteTimeSpan;
            var grain = grainFactory.GetGrain<IRemindable>(reminder.GrainId);
            await grain.ReceiveReminder(reminder.Name, new TickStatus(reminder.FirstTick, period, reminder.NextDue));

            await using var command = dataSource.CreateCommand(reminder.PeriodMilliseconds is null ? DeleteSql : AdvanceSql);
            command.Parameters.Add(new NpgsqlParameter<string> { TypedValue = reminder.GrainId.Type });
            command.Parameters.Add(new NpgsqlParameter<string> { TypedValue = reminder.GrainId.Key });
            command.Parameters.Add(new NpgsqlParameter<string> { TypedValue = reminder.Name });
            command.Parameters.Add(new NpgsqlParameter<long> { TypedValue = reminder.Etag });
            await command.ExecuteNonQueryAsync();
        }
        catch (Exception ex)
        {
            LogDeliveryFailed(logger, ex, reminder.Name, reminder.GrainId);
        }
    }

    private sealed record DueReminder(GrainId GrainId, string Name, long? PeriodMilliseconds, DateTimeOffset FirstTick, DateTimeOffset NextDue, long Etag);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Polling for due reminders failed")]
    private static partial void LogPollFailed(ILogger logger, Exception exception);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Delivering reminder {Name} to grain {GrainId} failed; it is retried when its lease expires")]
    private static partial void LogDeliveryFailed(ILogger logger, Exception exception, string name, GrainId grainId);
}
