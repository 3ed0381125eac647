using Npgsql;

namespace VetrAI.Runtime.Tests.Cluster;

/// <summary>Applies the runtime's membership migration, as the silo's migration runner does at start.</summary>
internal static class ClusterTestSchema
{
    public static async Task CreateAsync(NpgsqlDataSource dataSource)
    {
        var assembly = typeof(ClusterOptions).Assembly;
        var name = assembly.GetManifestResourceNames().Single(n => n.EndsWith("0100_membership.sql", StringComparison.Ordinal));
        using var reader = new StreamReader(assembly.GetManifestResourceStream(name)!);
        await using var command = dataSource.CreateCommand(await reader.ReadToEndAsync());
        await command.ExecuteNonQueryAsync();
    }
}
