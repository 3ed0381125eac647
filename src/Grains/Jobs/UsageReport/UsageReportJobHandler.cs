using System.Globalization;
using System.IO.Pipelines;
using System.Text;
using System.Text.Json;
using Npgsql;
using VetrAI.Grains.ObjectStorage;

namespace VetrAI.Grains.Jobs.UsageReport;

/// <summary>The <c>usage_report</c> job: an organization's API-key usage for a period as CSV in object
/// storage. Payload: <c>{"from": ISO-8601, "to": ISO-8601, "granularity": "hour"|"day"}</c> (to exclusive,
/// at most 366 days). Rows are <c>period_start,key_id,valid,rejected</c>, oldest first. The CSV is streamed
/// from the query to the bucket; the result says where it is. A repeated attempt overwrites the same object.</summary>
internal sealed class UsageReportJobHandler(NpgsqlDataSource database, IObjectStorage storage) : IJobHandler
{
    private const long MaxReportBytes = 1L << 30;
    private static readonly TimeSpan MaxPeriod = TimeSpan.FromDays(366);

    public string Type => "usage_report";

    public string? ValidatePayload(JsonElement payload)
    {
        if (!TryReadPeriod(payload, out var from, out var to))
        {
            return "from and to are required ISO-8601 times.";
        }

        if (to <= from)
        {
            return "to must be after from.";
        }

        if (to - from > MaxPeriod)
        {
            return "the period must be at most 366 days.";
        }

        return Granularity(payload) is null ? "granularity must be hour or day." : null;
    }

    public async Task<JsonElement?> ExecuteAsync(JobContext context, CancellationToken cancellationToken)
    {
        TryReadPeriod(context.Payload, out var from, out var to);
        var granularity = Granularity(context.Payload)!;
        var key = ObjectKey.Create(context.OrganizationId, "reports", "usage", $"{context.JobId}.csv");

        var pipe = new Pipe();
        using var stopWriting = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        var writing = WriteCsvAsync(pipe.Writer, context.OrganizationId, from, to, granularity, stopWriting.Token);
        StoredObjectInfo stored;
        try
        {
            await using var csv = pipe.Reader.AsStream();
            stored = await storage.UploadAsync(key, csv, "text/csv", MaxReportBytes, cancellationToken);
        }
        catch
        {
            await stopWriting.CancelAsync();
            await Task.WhenAny(writing);
            throw;
        }

        var rows = await writing;
        await context.Progress.ReportAsync(100, $"{rows} rows written", cancellationToken);
        return JsonSerializer.SerializeToElement(
            new UsageReportResult(key.FullKey, stored.Size, rows, from, to, granularity), JobsJsonContext.Default.UsageReportResult);
    }

    private async Task<int> WriteCsvAsync(PipeWriter writer, string organizationId, DateTimeOffset from, DateTimeOffset to, string granularity, CancellationToken cancellationToken)
    {
        var rows = 0;
        try
        {
            await using (var text = new StreamWriter(writer.AsStream(leaveOpen: true), new UTF8Encoding(false), bufferSize: 16 * 1024))
            {
                await text.WriteAsync("period_start,key_id,valid,rejected\n");
                await using var command = database.CreateCommand(
                    """
                    SELECT date_trunc($1, minute, 'UTC') AS period_start, key_id, SUM(valid)::bigint, SUM(rejected)::bigint
                    FROM api_key_usage
                    WHERE org_id = $2 AND minute >= $3 AND minute < $4
                    GROUP BY 1, 2
                    ORDER BY 1, 2
                    """);
                command.Parameters.Add(new NpgsqlParameter<string> { TypedValue = granularity });
                command.Parameters.Add(new NpgsqlParameter<string> { TypedValue = organizationId });
                command.Parameters.Add(new NpgsqlParameter<DateTime> { TypedValue = from.UtcDateTime });
                command.Parameters.Add(new NpgsqlParameter<DateTime> { TypedValue = to.UtcDateTime });
                await using var reader = await command.ExecuteReaderAsync(cancellationToken);
                while (await reader.ReadAsync(cancellationToken))
                {
                    var periodStart = reader.GetFieldValue<DateTime>(0);
                    await text.WriteAsync(string.Create(
                        CultureInfo.InvariantCulture,
                        $"{periodStart:yyyy-MM-ddTHH:mm:ssZ},{Csv(reader.GetString(1))},{reader.GetInt64(2)},{reader.GetInt64(3)}\n"));
                    rows++;
                }
            }

            await writer.CompleteAsync();
            return rows;
        }
        catch (Exception e)
        {
            await writer.CompleteAsync(e);
            throw;
        }
    }

    private static string Csv(string value) =>
        value.AsSpan().IndexOfAny(",\"\n\r") < 0 ? value : $"\"{value.Replace("\"", "\"\"", StringComparison.Ordinal)}\"";

    private static bool TryReadPeriod(JsonElement payload, out DateTimeOffset from, out DateTimeOffset to)
    {
        to = default;
        from = default;
        return payload.TryGetProperty("from", out var fromValue) && fromValue.ValueKind == JsonValueKind.String && fromValue.TryGetDateTimeOffset(out from)
            && payload.TryGetProperty("to", out var toValue) && toValue.ValueKind == JsonValueKind.String && toValue.TryGetDateTimeOffset(out to);
    }

    private static string? Granularity(JsonElement payload)
    {
        if (!payload.TryGetProperty("granularity", out var value))
        {
            return "day";
        }

        return value.ValueKind == JsonValueKind.String && value.GetString() is "hour" or "day" ? value.GetString() : null;
    }
}

internal sealed record UsageReportResult(string Key, long Bytes, int Rows, DateTimeOffset From, DateTimeOffset To, string Granularity);
