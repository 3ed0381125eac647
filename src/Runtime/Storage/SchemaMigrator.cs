using Microsoft.Extensions.Logging;
using Npgsql;

namespace VetrAI.Runtime.Storage;

/// <summary>Applies the runtime's own migrations, then every module's, each once, in name order. All
/// of it runs in one transaction holding a transaction-scoped advisory lock, so silos starting together
/// queue up behind each other and the later ones find nothing left to do.</summary>
internal sealed partial class SchemaMigrator(NpgsqlDataSource dataSource, IEnumerable<MigrationRegistration> modules, ILogger<SchemaMigrator> logger)
{
    /// <summary>"VetrAI" in ASCII: the advisory lock every VetrAI silo takes to migrate.</summary>
    private const long MigrationLockKey = 0x5665747241_49;

    public const string RuntimeModule = "vetrai.runtime";

    public async Task MigrateAsync(CancellationToken cancellationToken)
    {
        var all = new List<MigrationRegistration> { new(RuntimeModule, typeof(SchemaMigrator).Assembly) };
        all.AddRange(modules);

        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken);
        await ExecuteAsync(connection, transaction, $"SELECT pg_advisory_xact_lock({MigrationLockKey})", cancellationToken);
        await ExecuteAsync(connection, transaction,
            "CREATE TABLE IF NOT EXISTS schema_migrations (module text NOT NULL, name text NOT NULL, "
            + "applied_at timestamptz NOT NULL DEFAULT now(), PRIMARY KEY (module, name))",
            cancellationToken);

        var applied = new HashSet<(string, string)>();
        await using (var command = new NpgsqlCommand("SELECT module, name FROM schema_migrations", connection, transaction))
        await using (var reader = await command.ExecuteReaderAsync(cancellationToken))
        {
            while (await reader.ReadAsync(cancellationToken))
            {
                applied.Add((reader.GetString(0), reader.GetString(1)));
            }
        }

        foreach (var module in all.DistinctBy(m => (m.Module, m.Assembly)))
        {
            foreach (var (name, sql) in ReadScripts(module))
            {
                if (applied.Contains((module.Module, name)))
                {
                    continue;
                }

                await ExecuteAsync(connection, transaction, sql, cancellationToken);
                await using var record = new NpgsqlCommand("INSERT INTO schema_migrations (module, name) VALUES ($1, $2)", connection, transaction);
                record.Parameters.Add(new NpgsqlParameter<string> { TypedValue = module.Module });
                record.Parameters.Add(new NpgsqlParameter<string> { TypedValue = name });
                await record.ExecuteNonQueryAsync(cancellationToken);
                LogApplied(logger, module.Module, name);
            }
        }

        await transaction.CommitAsync(cancellationToken);
    }

    private static IEnumerable<(string Name, string Sql)> ReadScripts(MigrationRegistration module)
    {
        var names = module.Assembly.GetManifestResourceNames()
            .Where(n => n.EndsWith(".sql", StringComparison.OrdinalIgnoreCase))
            .Order(StringComparer.Ordinal);
        foreach (var name in names)
        {
            using var stream = module.Assembly.GetManifestResourceStream(name)!;
            using var reader = new StreamReader(stream);
            yield return (name, reader.ReadToEnd());
        }
    }

    private static async Task ExecuteAsync(NpgsqlConnection connection, NpgsqlTransaction transaction, string sql, CancellationToken cancellationToken)
    {
        await using var command = new NpgsqlCommand(sql, connection, transaction);
        await command.ExecuteNonQueryAsync(cancellationToken);
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Applied migration {Module}/{Name}")]
    private static partial void LogApplied(ILogger logger, string module, string name);
}
