using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Options;
using VetrAI.Grains.Configuration;
using VetrAI.Grains.Abstractions.Organizations;

namespace VetrAI.Grains.Billing;

/// <summary>Settings of billing with Stripe (VETRAI_STRIPE_*, VETRAI_BILLING_*; the README's table).</summary>
public sealed class BillingOptions
{
    public const string SecretKeySetting = "VETRAI_STRIPE_SECRET_KEY";
    public const string ApiBaseSetting = "VETRAI_STRIPE_API_BASE";
    public const string WebhookSecretSetting = "VETRAI_STRIPE_WEBHOOK_SECRET";
    public const string ProPriceSetting = "VETRAI_STRIPE_PRICE_PRO";
    public const string EnterprisePriceSetting = "VETRAI_STRIPE_PRICE_ENTERPRISE";
    public const string MeterEventSetting = "VETRAI_STRIPE_METER_EVENT_NAME";
    public const string TimeoutSetting = "VETRAI_STRIPE_TIMEOUT";
    public const string GracePeriodSetting = "VETRAI_BILLING_GRACE_PERIOD";
    public const string UsagePeriodSetting = "VETRAI_BILLING_USAGE_REPORT_PERIOD";
    public const string UsageDelaySetting = "VETRAI_BILLING_USAGE_REPORT_DELAY";

    /// <summary>Stripe's secret key; without one billing answers 503 and nothing calls Stripe.</summary>
    public string? SecretKey { get; set; }

    /// <summary>Where Stripe's API is: Stripe itself, or the local stand-in the scripts start.</summary>
    public string ApiBase { get; set; } = "https://api.stripe.com";

    /// <summary>The signing secret of the webhook endpoint (<c>whsec_...</c>), checked by the front end.</summary>
    public string? WebhookSecret { get; set; }

    /// <summary>The Stripe price of each paid plan.</summary>
    public Dictionary<string, string> PlanPrices { get; } = new(StringComparer.Ordinal);

    /// <summary>The event name of the Stripe meter that usage reports feed.</summary>
    public string MeterEventName { get; set; } = "vetrai_api_validations";

    /// <summary>How long one request to Stripe may take. Grain calls wait for Stripe, so this stays well under
    /// the cluster's call timeout.</summary>
    public TimeSpan RequestTimeout { get; set; } = TimeSpan.FromSeconds(10);

    /// <summary>How long a <c>past_due</c> organization keeps its plan before it falls to <c>free</c>.</summary>
    public TimeSpan GracePeriod { get; set; } = TimeSpan.FromDays(7);

    /// <summary>The period one usage report covers: a UTC day, periods counted from the Unix epoch.</summary>
    public TimeSpan UsageReportPeriod { get; set; } = TimeSpan.FromDays(1);

    /// <summary>How long after a period ends its report is sent, so that the key grains' usage flushes of the
    /// period's last seconds are in the table.</summary>
    public TimeSpan UsageReportDelay { get; set; } = TimeSpan.FromMinutes(10);

    /// <summary>Problems found while reading the settings, reported at start by the validator.</summary>
    internal List<string> SettingErrors { get; } = [];

    /// <summary>Whether Stripe is configured.</summary>
    public bool Enabled => !string.IsNullOrWhiteSpace(SecretKey);

    /// <summary>The plan a Stripe price stands for, or null.</summary>
    public string? PlanOfPrice(string? priceId) =>
        priceId is null ? null : PlanPrices.FirstOrDefault(pair => string.Equals(pair.Value, priceId, StringComparison.Ordinal)).Key;

    /// <summary>Reads the settings from <paramref name="configuration"/> into <paramref name="options"/>.</summary>
    public static void Bind(BillingOptions options, IConfiguration configuration)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(configuration);
        options.SecretKey = Text(configuration, SecretKeySetting) ?? options.SecretKey;
        options.ApiBase = Text(configuration, ApiBaseSetting) ?? options.ApiBase;
        options.WebhookSecret = Text(configuration, WebhookSecretSetting) ?? options.WebhookSecret;
        options.PlanPrices[OrganizationPlans.Pro] = Text(configuration, ProPriceSetting) ?? options.PlanPrices.GetValueOrDefault(OrganizationPlans.Pro, "");
        options.PlanPrices[OrganizationPlans.Enterprise] =
            Text(configuration, EnterprisePriceSetting) ?? options.PlanPrices.GetValueOrDefault(OrganizationPlans.Enterprise, "");
        options.MeterEventName = Text(configuration, MeterEventSetting) ?? options.MeterEventName;
        options.RequestTimeout = Duration(options, configuration, TimeoutSetting) ?? options.RequestTimeout;
        options.GracePeriod = Duration(options, configuration, GracePeriodSetting) ?? options.GracePeriod;
        options.UsageReportPeriod = Duration(options, configuration, UsagePeriodSetting) ?? options.UsageReportPeriod;
        options.UsageReportDelay = Duration(options, configuration, UsageDelaySetting) ?? options.UsageReportDelay;
    }

    private static string? Text(IConfiguration configuration, string name) =>
        configuration[name] is { } value && !string.IsNullOrWhiteSpace(value) ? value.Trim() : null;

    private static TimeSpan? Duration(BillingOptions options, IConfiguration configuration, string name)
    {
        if (Text(configuration, name) is not { } value)
        {
            return null;
        }

        if (DurationSetting.TryParse(value, out var duration))
        {
            return duration;
        }

        options.SettingErrors.Add($"{name} '{value}' is neither {DurationSetting.Forms}.");
        return null;
    }
}

internal sealed class BillingOptionsValidator : IValidateOptions<BillingOptions>
{
    public ValidateOptionsResult Validate(string? name, BillingOptions options)
    {
        var failures = new List<string>(options.SettingErrors);
        if (options.Enabled)
        {
            if (!Uri.TryCreate(options.ApiBase, UriKind.Absolute, out var apiBase) || apiBase.Scheme is not ("http" or "https"))
            {
                failures.Add($"{BillingOptions.ApiBaseSetting} must be an http(s) URL.");
            }

            foreach (var (plan, setting) in new[] { (OrganizationPlans.Pro, BillingOptions.ProPriceSetting), (OrganizationPlans.Enterprise, BillingOptions.EnterprisePriceSetting) })
            {
                if (string.IsNullOrWhiteSpace(options.PlanPrices.GetValueOrDefault(plan)))
                {
                    failures.Add($"{setting} is not set: give the Stripe price id of the '{plan}' plan.");
                }
            }

            if (options.PlanPrices.Values.Distinct(StringComparer.Ordinal).Count() != options.PlanPrices.Count)
            {
                failures.Add($"{BillingOptions.ProPriceSetting} and {BillingOptions.EnterprisePriceSetting} must differ.");
            }
        }

        // Usage is counted per minute, so a period is whole minutes.
        var period = options.UsageReportPeriod;
        if (period < TimeSpan.FromMinutes(1) || period.Ticks % TimeSpan.TicksPerMinute != 0 || TimeSpan.TicksPerDay % period.Ticks != 0)
        {
            failures.Add($"{BillingOptions.UsagePeriodSetting} must be whole minutes that divide a day (1.00:00:00 by default).");
        }

        return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
    }
}
