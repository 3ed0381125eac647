using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Options;
using VetrAI.Grains.Configuration;

namespace VetrAI.Grains.Privacy;

/// <summary>Settings of the GDPR features (the README's table).</summary>
public sealed class PrivacyOptions
{
    public const string ExportLifetimeSetting = "VETRAI_GDPR_EXPORT_TTL";

    /// <summary>How long a data export can be downloaded; then its archive is deleted.</summary>
    public TimeSpan ExportLifetime { get; set; } = TimeSpan.FromDays(7);

    /// <summary>How long after an erasure started its reminder first looks whether a step is left to do (then every
    /// 10 s while one is). The request that starts an erasure usually finishes it well before.</summary>
    public TimeSpan ErasureRetryDelay { get; set; } = TimeSpan.FromMinutes(1);

    /// <summary>The value of <see cref="ExportLifetimeSetting"/> when it is not a duration, for the validator.</summary>
    internal string? InvalidExportLifetime { get; set; }

    /// <summary>Reads the settings from <paramref name="configuration"/> into <paramref name="options"/>.</summary>
    public static void Bind(PrivacyOptions options, IConfiguration configuration)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(configuration);
        if (configuration[ExportLifetimeSetting] is not { } value || string.IsNullOrWhiteSpace(value))
        {
            return;
        }

        if (DurationSetting.TryParse(value.Trim(), out var lifetime))
        {
            options.ExportLifetime = lifetime;
        }
        else
        {
            options.InvalidExportLifetime = value;
        }
    }
}

internal sealed class PrivacyOptionsValidator : IValidateOptions<PrivacyOptions>
{
    /// <summary>Personal data is not kept for long: an archive lives at most this long.</summary>
    private static readonly TimeSpan MaxExportLifetime = TimeSpan.FromDays(30);

    public ValidateOptionsResult Validate(string? name, PrivacyOptions options)
    {
        if (options.InvalidExportLifetime is { } invalid)
        {
            return ValidateOptionsResult.Fail($"{PrivacyOptions.ExportLifetimeSetting} '{invalid}' is neither {DurationSetting.Forms}.");
        }

        return options.ExportLifetime > MaxExportLifetime
            ? ValidateOptionsResult.Fail($"{PrivacyOptions.ExportLifetimeSetting} must be at most {MaxExportLifetime.TotalDays} days.")
            : ValidateOptionsResult.Success;
    }
}
