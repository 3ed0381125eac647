using Npgsql;

namespace VetrAI.Silo.Hosting;

/// <summary>Reads the database setting, which may be an Npgsql connection string or a
/// <c>postgres://user:password@host:port/database?option=value</c> URL (the form most platforms hand out).</summary>
public static class DatabaseConnectionString
{
    /// <summary>The environment variable holding it.</summary>
    public const string Setting = "VETRAI_DATABASE_URL";

    /// <summary>The Npgsql connection string configured in <see cref="Setting"/>.</summary>
    /// <exception cref="InvalidOperationException">The setting is missing or malformed; the message says how to fix it.</exception>
    public static string FromConfiguration(Microsoft.Extensions.Configuration.IConfiguration configuration)
    {
        ArgumentNullException.ThrowIfNull(configuration);
        var value = configuration[Setting];
        if (string.IsNullOrWhiteSpace(value))
        {
            throw new InvalidOperationException(
                $"{Setting} is not set: give an Npgsql connection string (Host=...;Database=...) or a postgres:// URL.");
        }

        return Parse(value);
    }

    /// <summary>Converts <paramref name="value"/> to an Npgsql connection string.</summary>
    /// <exception cref="InvalidOperationException">It is neither a connection string nor a postgres URL.</exception>
    public static string Parse(string value)
    {
        ArgumentNullException.ThrowIfNull(value);
        try
        {
            if (!value.StartsWith("postgres://", StringComparison.OrdinalIgnoreCase)
                && !value.StartsWith("postgresql://", StringComparison.OrdinalIgnoreCase))
            {
                return new NpgsqlConnectionStringBuilder(value).ConnectionString;
            }

            var uri = new Uri(value);
            var builder = new NpgsqlConnectionStringBuilder
            {
                Host = uri.Host,
                Port = uri.IsDefaultPort || uri.Port < 0 ? 5432 : uri.Port,
                Database = Uri.UnescapeDataString(uri.AbsolutePath.TrimStart('/')),
            };
            var userInfo = uri.UserInfo.Split(':', 2);
            if (userInfo[0].Length > 0)
            {
                builder.Username = Uri.UnescapeDataString(userInfo[0]);
            }

            if (userInfo.Length == 2)
            {
                builder.Password = Uri.UnescapeDataString(userInfo[1]);
            }

            foreach (var pair in uri.Query.TrimStart('?').Split('&', StringSplitOptions.RemoveEmptyEntries))
            {
                var parts = pair.Split('=', 2);
                builder[Uri.UnescapeDataString(parts[0])] = parts.Length == 2 ? Uri.UnescapeDataString(parts[1]) : "";
            }

            return builder.ConnectionString;
        }
        catch (Exception exception) when (exception is ArgumentException or UriFormatException or KeyNotFoundException)
        {
            throw new InvalidOperationException(
                $"{Setting} is neither a valid Npgsql connection string nor a valid postgres:// URL: {exception.Message}", exception);
        }
    }
}
