using System.Reflection;
using Microsoft.Extensions.Logging;
using Npgsql;
using VetrAI.Silo.Hosting;

namespace VetrAI.Silo.Storage;

/// <summary>Brings the database to the schema this build needs, once per silo start, before Orleans' storage and
/// reminder providers read their statements: the migrations of this assembly (Orleans' tables) and of the grains
/// assembly (the features' own tables), each applied once in name order, then the statements of the providers'
/// query contract, written to <c>OrleansQuery</c> at every start so a new build's SQL replaces the old one's. All of
/// it runs in one transaction under an advisory lock: silos starting together queue up, and the later ones find
/// nothing left to do.</summary>
internal sealed partial class PostgresSchema(NpgsqlDataSource dataSource, ILogger<PostgresSchema> logger) : ILifecycleParticipant<ISiloLifecycle>
{
    /// <summary>"VetrAI" in ASCII: the advisory lock every VetrAI silo takes to migrate.</summary>
    private const long MigrationLockKey = 0x5665747241_49;

    private const string QueriesFolder = ".Storage.Queries.";

    private static readonly (string Module, Assembly Assembly, string Folder)[] Modules =
    [
        ("vetrai.orleans", typeof(PostgresSchema).Assembly, ".Storage.Migrations."),
        ("grains", typeof(Grains.GrainsSiloBuilderExtensions).Assembly, ".Migrations."),
    ];

    public void Participate(ISiloLifecycle lifecycle)
    {
        ArgumentNullException.ThrowIfNull(lifecycle);
        // Before the storage, reminder and membership providers initialize.
        lifecycle.Subscribe(nameof(PostgresSchema), ServiceLifecycleStage.RuntimeInitialize - 1, MigrateAsync);
    }

    public async Task MigrateAsync(CancellationToken cancellationToken)
    {
        try
        {
            await MigrateOnceAsync(cancellationToken);
        }
        catch (NpgsqlException exception) when (exception.SqlState is null)
        {
            var target = new NpgsqlConnectionStringBuilder(dataSource.ConnectionString);
            throw new InvalidOperationException(
                $"Cannot reach PostgreSQL at {target.Host}:{target.Port}, database '{target.Database}' "
                + $"({DatabaseConnectionString.Setting}): {exception.Message}", exception);
        }
    }

    private async Task MigrateOnceAsync(CancellationToken cancellationToken)
    {
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

        foreach (var (module, assembly, folder) in Modules)
        {
            foreach (var (name, sql) in Scripts(assembly, folder))
            {
                if (applied.Contains((module, name)))
                {
                    continue;
                }

                await ExecuteAsync(connection, transaction, sql, cancellationToken);
                await using var record = new NpgsqlCommand("INSERT INTO schema_migrations (module, name) VALUES ($1, $2)", connection, transaction);
                record.Parameters.Add(new NpgsqlParameter<string> { TypedValue = module });
                record.Parameters.Add(new NpgsqlParameter<string> { TypedValue = name });
                await record.ExecuteNonQueryAsync(cancellationToken);
                LogApplied(logger, module, name);
            }
        }

        foreach (var (name, sql) in Scripts(typeof(PostgresSchema).Assembly, QueriesFolder))
        {
            // Resource names end in ".Queries.<QueryKey>.sql".
            var key = name[(name.LastIndexOf(QueriesFolder, StringComparison.Ordinal) + QueriesFolder.Length)..^".sql".Length];
            await using var upsert = new NpgsqlCommand(
                "INSERT INTO orleansquery (querykey, querytext) VALUES ($1, $2) "
                + "ON CONFLICT (querykey) DO UPDATE SET querytext = excluded.querytext",
                connection,
                transaction);
            upsert.Parameters.Add(new NpgsqlParameter<string> { TypedValue = key });
            upsert.Parameters.Add(new NpgsqlParameter<string> { TypedValue = sql });
            await upsert.ExecuteNonQueryAsync(cancellationToken);
        }

        await transaction.CommitAsync(cancellationToken);
    }

    private static IEnumerable<(string Name, string Sql)> Scripts(Assembly assembly, string folder)
    {
        var names = assembly.GetManifestResourceNames()
            .Where(n => n.Contains(folder, StringComparison.Ordinal) && n.EndsWith(".sql", StringComparison.Ordinal))
            .Order(StringComparer.Ordinal);
        foreach (var name in names)
        {
            using var stream = assembly.GetManifestResourceStream(name)!;
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
