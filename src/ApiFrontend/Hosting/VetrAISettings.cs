using System.Globalization;

namespace VetrAI.ApiFrontend.Hosting;

/// <summary>The environment variables the front end reads (the contract with the scripts and the README),
/// and strict readers for them: a malformed value stops the start with a message naming the variable.</summary>
public static class VetrAISettings
{
    public const string HttpPort = "VETRAI_HTTP_PORT";
    public const string HttpBind = "VETRAI_HTTP_BIND";
    public const string DataDirectory = "VETRAI_DATA_DIR";
    public const string HostSilo = "VETRAI_HOST_SILO";
    public const string PublicUrl = "VETRAI_PUBLIC_URL";
    public const string JwtSigningKey = "VETRAI_JWT_SIGNING_KEY";
    public const string BootstrapAdminEmail = "VETRAI_BOOTSTRAP_ADMIN_EMAIL";
    public const string BootstrapAdminPassword = "VETRAI_BOOTSTRAP_ADMIN_PASSWORD";
    public const string SmtpHost = "VETRAI_SMTP_HOST";
    public const string SmtpPort = "VETRAI_SMTP_PORT";
    public const string SmtpFrom = "VETRAI_SMTP_FROM";
    public const string LogFormat = "VETRAI_LOG_FORMAT";
    public const string RequireVerifiedEmailForApiKeys = "VETRAI_REQUIRE_VERIFIED_EMAIL_FOR_API_KEYS";

    /// <summary>The trimmed value, or null when unset or blank.</summary>
    public static string? GetString(this IConfiguration configuration, string name)
    {
        ArgumentNullException.ThrowIfNull(configuration);
        var value = configuration[name];
        return string.IsNullOrWhiteSpace(value) ? null : value.Trim();
    }

    /// <summary>The integer value, or <paramref name="fallback"/> when unset.</summary>
    public static int GetInt32(this IConfiguration configuration, string name, int fallback)
    {
        var value = configuration.GetString(name);
        if (value is null)
        {
            return fallback;
        }

        return int.TryParse(value, NumberStyles.Integer, CultureInfo.InvariantCulture, out var parsed)
            ? parsed
            : throw new InvalidOperationException($"{name} must be an integer, but is '{value}'.");
    }

    /// <summary>The boolean value (true/false/1/0/yes/no), or <paramref name="fallback"/> when unset.</summary>
    public static bool GetBoolean(this IConfiguration configuration, string name, bool fallback)
    {
        var value = configuration.GetString(name);
        return value?.ToUpperInvariant() switch
        {
            null => fallback,
            "TRUE" or "1" or "YES" => true,
            "FALSE" or "0" or "NO" => false,
            _ => throw new InvalidOperationException($"{name} must be true or false, but is '{value}'."),
        };
    }
}
