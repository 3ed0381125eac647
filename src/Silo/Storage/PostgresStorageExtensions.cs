using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Npgsql;

namespace VetrAI.Silo.Storage;

/// <summary>Grain state and reminders in PostgreSQL through Orleans' ADO.NET providers, on the project's own
/// schema and statements (<c>Storage/Migrations</c>, <c>Storage/Queries</c>).</summary>
public static class PostgresStorageExtensions
{
    /// <summary>The ADO.NET invariant of Npgsql, which Orleans maps to Npgsql's provider factory itself.</summary>
    public const string Invariant = "Npgsql";

    /// <summary>Adds the schema migration, the default grain storage (JSON state) and the reminder table.</summary>
    public static ISiloBuilder AddVetrAIPostgres(this ISiloBuilder silo, string connectionString)
    {
        ArgumentNullException.ThrowIfNull(silo);
        var services = silo.Services;
        services.TryAddSingleton(_ => NpgsqlDataSource.Create(connectionString));
        services.TryAddSingleton<PostgresSchema>();
        services.AddSingleton<ILifecycleParticipant<ISiloLifecycle>>(sp => sp.GetRequiredService<PostgresSchema>());
        services.TryAddSingleton<JsonGrainStorageSerializer>();
        silo.AddAdoNetGrainStorageAsDefault(options => options.Configure<JsonGrainStorageSerializer>((o, serializer) =>
        {
            o.Invariant = Invariant;
            o.ConnectionString = connectionString;
            o.GrainStorageSerializer = serializer;
        }));
        silo.UseAdoNetReminderService(options =>
        {
            options.Invariant = Invariant;
            options.ConnectionString = connectionString;
        });
        return silo;
    }
}
