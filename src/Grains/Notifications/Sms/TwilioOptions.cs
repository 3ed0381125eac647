using System.Globalization;
using System.Text.RegularExpressions;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Options;

namespace VetrAI.Grains.Notifications.Sms;

/// <summary>Settings of SMS through Twilio (VETRAI_TWILIO_*; the README's table). Without an account SID nothing
/// calls Twilio and every SMS fails with <see cref="SmsResult.NotConfiguredMessage"/>.</summary>
public sealed partial class TwilioOptions
{
    public const string AccountSidSetting = "VETRAI_TWILIO_ACCOUNT_SID";
    public const string AuthTokenSetting = "VETRAI_TWILIO_AUTH_TOKEN";
    public const string FromSetting = "VETRAI_TWILIO_FROM";
    public const string ApiBaseSetting = "VETRAI_TWILIO_API_BASE";
    public const string TimeoutSetting = "VETRAI_TWILIO_TIMEOUT";
    public const string DefaultApiBase = "https://api.twilio.com";

    /// <summary>The Twilio account (<c>AC</c> and 32 hex digits); unset: SMS is not configured.</summary>
    public string? AccountSid { get; set; }

    /// <summary>The account's auth token (HTTP basic password).</summary>
    public string? AuthToken { get; set; }

    /// <summary>The sender number, E.164 (e.g. +15005550006).</summary>
    public string? From { get; set; }

    /// <summary>Where Twilio's API is: Twilio itself, or the local stand-in the scripts start.</summary>
    public string ApiBase { get; set; } = DefaultApiBase;

    /// <summary>How long one request to Twilio may take before it counts as a transient failure.</summary>
    public TimeSpan RequestTimeout { get; set; } = TimeSpan.FromSeconds(10);

    /// <summary>Problems found while reading the settings, reported at start by the validator.</summary>
    internal List<string> SettingErrors { get; } = [];

    /// <summary>Whether a Twilio account is configured.</summary>
    public bool Enabled => !string.IsNullOrWhiteSpace(AccountSid);

    /// <summary>Reads the settings from <paramref name="configuration"/> into <paramref name="options"/>.</summary>
    public static void Bind(TwilioOptions options, IConfiguration configuration)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(configuration);
        options.AccountSid = Text(configuration, AccountSidSetting) ?? options.AccountSid;
        options.AuthToken = Text(configuration, AuthTokenSetting) ?? options.AuthToken;
        options.From = Text(configuration, FromSetting) ?? options.From;
        options.ApiBase = Text(configuration, ApiBaseSetting) ?? options.ApiBase;
        if (Text(configuration, TimeoutSetting) is { } timeout)
        {
            if (long.TryParse(timeout, NumberStyles.None, CultureInfo.InvariantCulture, out var milliseconds) && milliseconds is > 0 and <= 300_000)
            {
                options.RequestTimeout = TimeSpan.FromMilliseconds(milliseconds);
            }
            else
            {
                options.SettingErrors.Add($"{TimeoutSetting} '{timeout}' is not valid: give milliseconds, 1 to 300000.");
            }
        }
    }

    internal static bool IsE164(string? number) => number is not null && E164().IsMatch(number);

    internal static bool IsAccountSid(string? sid) => sid is not null && AccountSidPattern().IsMatch(sid);

    private static string? Text(IConfiguration configuration, string name) =>
        configuration[name] is { } value && !string.IsNullOrWhiteSpace(value) ? value.Trim() : null;

    [GeneratedRegex(@"^\+[1-9][0-9]{6,14}$")]
    private static partial Regex E164();

    [GeneratedRegex("^AC[0-9a-fA-F]{32}$")]
    private static partial Regex AccountSidPattern();
}

internal sealed class TwilioOptionsValidator : IValidateOptions<TwilioOptions>
{
    public ValidateOptionsResult Validate(string? name, TwilioOptions options)
    {
        var failures = new List<string>(options.SettingErrors);
        if (options.Enabled)
        {
            if (!TwilioOptions.IsAccountSid(options.AccountSid))
            {
                failures.Add($"{TwilioOptions.AccountSidSetting} '{options.AccountSid}' is not a Twilio account SID: expected AC followed by 32 hex digits.");
            }

            if (string.IsNullOrWhiteSpace(options.AuthToken))
            {
                failures.Add($"{TwilioOptions.AuthTokenSetting} is not set: give the auth token of {TwilioOptions.AccountSidSetting}'s account.");
            }

            if (!TwilioOptions.IsE164(options.From))
            {
                failures.Add(options.From is null
                    ? $"{TwilioOptions.FromSetting} is not set: give the sender number in E.164 form, e.g. +15005550006."
                    : $"{TwilioOptions.FromSetting} '{options.From}' is not an E.164 number such as +15005550006.");
            }

            if (!Uri.TryCreate(options.ApiBase, UriKind.Absolute, out var apiBase) || apiBase.Scheme is not ("http" or "https"))
            {
                failures.Add($"{TwilioOptions.ApiBaseSetting} '{options.ApiBase}' is not an http(s) URL such as {TwilioOptions.DefaultApiBase}.");
            }
        }

        return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
    }
}
