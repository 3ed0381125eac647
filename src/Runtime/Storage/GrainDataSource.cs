using Npgsql;

namespace VetrAI.Runtime.Storage;

/// <summary>Builds the grain database's data source from a connection string or a postgres:// URL.</summary>
internal static class GrainDataSource
{
    public static NpgsqlDataSource Create(string connectionString)
    {
        var builder = new NpgsqlDataSourceBuilder(ToNpgsqlConnectionString(connectionString));
        // Npgsql's multiplexing changes command semantics (no per-connection state) for little gain here.
        builder.ConnectionStringBuilder.Multiplexing = false;
        return builder.Build();
    }

    /// <summary>Accepts "Host=...;..." as it is, and turns postgres://user:password@host:port/database?options
    /// into the Npgsql form (query parameters become keywords, e.g. sslmode=require).</summary>
    public static string ToNpgsqlConnectionString(string value)
    {
        if (!value.StartsWith("postgres://", StringComparison.OrdinalIgnoreCase)
            && !value.StartsWith("postgresql://", StringComparison.OrdinalIgnoreCase))
        {
            return value;
        }

        var uri = new Uri(value);
        var builder = new NpgsqlConnectionStringBuilder { Host = uri.Host };
        if (uri.Port > 0)
        {
            builder.Port = uri.Port;
        }

        if (uri.UserInfo.Length > 0)
        {
            var parts = uri.UserInfo.Split(':', 2);
            builder.Username = Uri.UnescapeDataString(parts[0]);
            if (parts.Length > 1)
            {
                builder.Password = Uri.UnescapeDataString(parts[1]);
            }
        }

        var database = Uri.UnescapeDataString(uri.AbsolutePath.TrimStart('/'));
        if (database.Length > 0)
        {
            builder.Database = database;
        }

        foreach (var pair in uri.Query.TrimStart('?').Split('&', StringSplitOptions.RemoveEmptyEntries))
        {
            var keyValue = pair.Split('=', 2);
            builder[Uri.UnescapeDataString(keyValue[0])] = keyValue.Length > 1 ? Uri.UnescapeDataString(keyValue[1]) : "";
        }

        return builder.ConnectionString;
    }
}
