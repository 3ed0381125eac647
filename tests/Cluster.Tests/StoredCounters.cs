using Npgsql;

namespace VetrAI.Cluster.Tests;

/// <summary>The counters' totals as PostgreSQL holds them (<c>grain_storage</c>, JSON written by the silo's storage
/// serializer): what survives any silo.</summary>
internal static class StoredCounters
{
    public static async Task<Dictionary<string, long>> ReadAsync(string databaseUrl)
    {
        await using var connection = new NpgsqlConnection(databaseUrl);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand(
            "SELECT grain_key, (payload->>'Total')::bigint FROM grain_storage WHERE service_id = $1 AND state_name = 'clustertest-counter'",
            connection)
        {
            Parameters = { new NpgsqlParameter<string> { TypedValue = TestCluster.ServiceId } },
        };
        var totals = new Dictionary<string, long>();
        await using var reader = await command.ExecuteReaderAsync();
        while (await reader.ReadAsync())
        {
            totals[reader.GetString(0)] = reader.GetInt64(1);
        }

        return totals;
    }
}
