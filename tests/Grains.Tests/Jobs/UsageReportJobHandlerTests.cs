using System.Text;
using System.Text.Json;
using Npgsql;
using VetrAI.Grains.Jobs;
using VetrAI.Grains.Jobs.UsageReport;
using VetrAI.Grains.ObjectStorage;
using VetrAI.Grains.Tests.ObjectStorage;
using VetrAI.TestSupport;

namespace VetrAI.Grains.Tests.Jobs;

public sealed class UsageReportJobHandlerTests : IAsyncLifetime
{
    private TestDatabase _database = null!;
    private NpgsqlDataSource _dataSource = null!;
    private S3TestStorage _s3 = null!;

    public async Task InitializeAsync()
    {
        _database = await TestDatabase.CreateAsync("usage");
        _dataSource = NpgsqlDataSource.Create(_database.ConnectionString);
        _s3 = await S3TestStorage.CreateAsync();
        // The shape the API-key feature's migration creates (only the columns the report reads).
        await using var command = _dataSource.CreateCommand(
            """
            CREATE TABLE api_key_usage (
                key_id text NOT NULL, org_id text NOT NULL, minute timestamptz NOT NULL,
                valid bigint NOT NULL DEFAULT 0, rejected bigint NOT NULL DEFAULT 0,
                PRIMARY KEY (key_id, minute));
            INSERT INTO api_key_usage VALUES
                ('key-1', 'org-a', '2026-03-01T10:01:00Z', 5, 1),
                ('key-1', 'org-a', '2026-03-01T10:59:00Z', 7, 0),
                ('key-2', 'org-a', '2026-03-01T11:30:00Z', 3, 2),
                ('key-1', 'org-a', '2026-03-02T00:00:00Z', 1, 1),
                ('key-1', 'org-a', '2026-03-03T00:00:00Z', 100, 100),
                ('key-9', 'org-b', '2026-03-01T10:00:00Z', 50, 50);
            """);
        await command.ExecuteNonQueryAsync();
    }

    public async Task DisposeAsync()
    {
        await _dataSource.DisposeAsync();
        await _database.DisposeAsync();
        await _s3.DisposeAsync();
    }

    [Fact]
    public async Task Hourly_rows_match_the_usage_of_the_organization_in_the_period()
    {
        var csv = await RunAsync("""{"from": "2026-03-01T00:00:00Z", "to": "2026-03-03T00:00:00Z", "granularity": "hour"}""", "job-h");

        Assert.Equal(
            """
            period_start,key_id,valid,rejected
            2026-03-01T10:00:00Z,key-1,12,1
            2026-03-01T11:00:00Z,key-2,3,2
            2026-03-02T00:00:00Z,key-1,1,1

            """.ReplaceLineEndings("\n"),
            csv);
    }

    [Fact]
    public async Task Daily_rows_are_the_default()
    {
        var csv = await RunAsync("""{"from": "2026-03-01T00:00:00Z", "to": "2026-03-04T00:00:00Z"}""", "job-d");

        Assert.Equal(
            ["period_start,key_id,valid,rejected", "2026-03-01T00:00:00Z,key-1,12,1", "2026-03-01T00:00:00Z,key-2,3,2", "2026-03-02T00:00:00Z,key-1,1,1", "2026-03-03T00:00:00Z,key-1,100,100"],
            csv.TrimEnd('\n').Split('\n'));
    }

    [Theory]
    [InlineData("""{}""", "from and to are required")]
    [InlineData("""{"from": "yesterday", "to": "2026-03-01T00:00:00Z"}""", "from and to are required")]
    [InlineData("""{"from": "2026-03-02T00:00:00Z", "to": "2026-03-01T00:00:00Z"}""", "to must be after from")]
    [InlineData("""{"from": "2024-01-01T00:00:00Z", "to": "2026-03-01T00:00:00Z"}""", "at most 366 days")]
    [InlineData("""{"from": "2026-03-01T00:00:00Z", "to": "2026-03-02T00:00:00Z", "granularity": "week"}""", "granularity")]
    public void Invalid_periods_are_refused(string payload, string reason) =>
        Assert.Contains(reason, new UsageReportJobHandler(_dataSource, _s3.Storage).ValidatePayload(JsonDocument.Parse(payload).RootElement), StringComparison.Ordinal);

    private async Task<string> RunAsync(string payload, string jobId)
    {
        var handler = new UsageReportJobHandler(_dataSource, _s3.Storage);
        var payloadJson = JsonDocument.Parse(payload).RootElement;
        Assert.Null(handler.ValidatePayload(payloadJson));

        var result = await handler.ExecuteAsync(new JobContext(jobId, "org-a", 1, payloadJson, new NoProgress()), CancellationToken.None);

        var key = result!.Value.GetProperty("key").GetString();
        Assert.Equal($"orgs/org-a/reports/usage/{jobId}.csv", key);
        await using var content = await _s3.Storage.OpenReadAsync(ObjectKey.Create("org-a", "reports", "usage", $"{jobId}.csv"), CancellationToken.None);
        Assert.NotNull(content);
        Assert.Equal("text/csv", content.ContentType);
        using var reader = new StreamReader(content.Content, Encoding.UTF8);
        var csv = await reader.ReadToEndAsync();
        Assert.Equal(csv.Count(c => c == '\n') - 1, result.Value.GetProperty("rows").GetInt32());
        return csv;
    }

    private sealed class NoProgress : IJobProgress
    {
        public ValueTask ReportAsync(int percent, string? message, CancellationToken cancellationToken) => ValueTask.CompletedTask;
    }
}
