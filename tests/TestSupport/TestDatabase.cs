using Npgsql;

namespace VetrAI.TestSupport;

/// <summary>A fresh, empty PostgreSQL database on the server that ./test.sh started, dropped on dispose.
/// Each test class (or test) takes its own so tests never see each other's rows.</summary>
public sealed class TestDatabase : IAsyncDisposable
{
    private readonly string _adminConnectionString;

    private TestDatabase(string adminConnectionString, string name, string connectionString)
    {
        _adminConnectionString = adminConnectionString;
        Name = name;
        ConnectionString = connectionString;
    }

    /// <summary>The database's name.</summary>
    public string Name { get; }

    /// <summary>An Npgsql connection string to the new database.</summary>
    public string ConnectionString { get; }

    /// <summary>The server's connection string for administration, from VETRAI_TEST_DATABASE_URL.</summary>
    public static string AdminConnectionString =>
        Environment.GetEnvironmentVariable("VETRAI_TEST_DATABASE_URL")
        ?? throw new InvalidOperationException(
            "VETRAI_TEST_DATABASE_URL is not set: run the tests with ./test.sh, which starts PostgreSQL and sets it.");

    /// <summary>Creates a new database with a unique name.</summary>
    public static async Task<TestDatabase> CreateAsync(string prefix = "t")
    {
        var admin = AdminConnectionString;
        var name = $"{prefix}_{Guid.NewGuid():N}".ToLowerInvariant();
        await using (var connection = new NpgsqlConnection(admin))
        {
            await connection.OpenAsync();
            await using var command = new NpgsqlCommand($"CREATE DATABASE \"{name}\"", connection);
            await command.ExecuteNonQueryAsync();
        }

        var builder = new NpgsqlConnectionStringBuilder(admin) { Database = name };
        return new TestDatabase(admin, name, builder.ConnectionString);
    }

    /// <inheritdoc/>
    public async ValueTask DisposeAsync()
    {
        NpgsqlConnection.ClearAllPools();
        await using var connection = new NpgsqlConnection(_adminConnectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand($"DROP DATABASE IF EXISTS \"{Name}\" WITH (FORCE)", connection);
        await command.ExecuteNonQueryAsync();
    }
}
