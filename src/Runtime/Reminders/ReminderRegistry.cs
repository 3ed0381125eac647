using Npgsql;
using NpgsqlTypes;

namespace VetrAI.Runtime.Reminders;

/// <summary>A reminder row as the grain sees it.</summary>
internal sealed record GrainReminder(string ReminderName, TimeSpan Period, DateTimeOffset NextDue) : IGrainReminder;

/// <summary>Register, unregister and look up reminders with plain SQL on the reminders table. Times come
/// from the database clock so that every silo agrees on when a reminder is due.</summary>
internal sealed class ReminderRegistry(NpgsqlDataSource dataSource) : IReminderRegistry
{
    private const string UpsertSql =
        "INSERT INTO reminders (grain_type, grain_key, reminder_name, period_ms, first_tick, next_due, lease_until, etag) "
        + "VALUES ($1, $2, $3, $4, now() + $5, now() + $5, NULL, 1) "
        + "ON CONFLICT (grain_type, grain_key, reminder_name) DO UPDATE SET period_ms = EXCLUDED.period_ms, "
        + "first_tick = EXCLUDED.first_tick, next_due = EXCLUDED.next_due, lease_until = NULL, etag = reminders.etag + 1 "
        + "RETURNING next_due";

    public async Task<IGrainReminder> RegisterOrUpdateAsync(GrainId grainId, string reminderName, TimeSpan dueTime, TimeSpan period)
    {
        ArgumentException.ThrowIfNullOrEmpty(reminderName);
        ArgumentOutOfRangeException.ThrowIfLessThan(dueTime, TimeSpan.Zero);
        if (period != Timeout.InfiniteTimeSpan && period <= TimeSpan.Zero)
        {
            throw new ArgumentOutOfRangeException(nameof(period), period, "A reminder's period is positive, or Timeout.InfiniteTimeSpan for a one-shot reminder.");
        }

        await using var command = dataSource.CreateCommand(UpsertSql);
        AddKey(command, grainId, reminderName);
        command.Parameters.Add(new NpgsqlParameter
        {
            NpgsqlDbType = NpgsqlDbType.Bigint,
            Value = period == Timeout.InfiniteTimeSpan ? DBNull.Value : (long)Math.Ceiling(period.TotalMilliseconds),
        });
        command.Parameters.Add(new NpgsqlParameter<TimeSpan> { NpgsqlDbType = NpgsqlDbType.Interval, TypedValue = dueTime });
        var nextDue = (DateTime)(await command.ExecuteScalarAsync())!;
        return new GrainReminder(reminderName, period, new DateTimeOffset(nextDue, TimeSpan.Zero));
    }

    public async Task UnregisterAsync(GrainId grainId, string reminderName)
    {
        await using var command = dataSource.CreateCommand(
            "DELETE FROM reminders WHERE grain_type = $1 AND grain_key = $2 AND reminder_name = $3");
        AddKey(command, grainId, reminderName);
        await command.ExecuteNonQueryAsync();
    }

    public async Task<IGrainReminder?> GetAsync(GrainId grainId, string reminderName)
    {
        await using var command = dataSource.CreateCommand(
            "SELECT period_ms, next_due FROM reminders WHERE grain_type = $1 AND grain_key = $2 AND reminder_name = $3");
        AddKey(command, grainId, reminderName);
        await using var reader = await command.ExecuteReaderAsync();
        if (!await reader.ReadAsync())
        {
            return null;
        }

        var period = reader.IsDBNull(0) ? Timeout.InfiniteTimeSpan : TimeSpan.FromMilliseconds(reader.GetInt64(0));
        return new GrainReminder(reminderName, period, new DateTimeOffset(reader.GetDateTime(1), TimeSpan.Zero));
    }

    private static void AddKey(NpgsqlCommand command, GrainId grainId, string reminderName)
    {
        command.Parameters.Add(new NpgsqlParameter<string> { TypedValue = grainId.Type });
        command.Parameters.Add(new NpgsqlParameter<string> { TypedValue = grainId.Key });
        command.Parameters.Add(new NpgsqlParameter<string> { TypedValue = reminderName });
    }
}
