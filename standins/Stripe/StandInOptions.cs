using System.Globalization;

namespace VetrAI.StripeStandIn;

/// <summary>The stand-in's settings, all from environment variables (see README.md).</summary>
internal sealed record StandInOptions(
    Uri Url,
    IReadOnlyDictionary<string, PriceDefinition> Prices,
    IReadOnlyList<TimeSpan> RetryDelays,
    Uri? DefaultWebhookUrl,
    string? DefaultWebhookSecret)
{
    public const string DefaultUrl = "http://127.0.0.1:12111";
    public const string DefaultPrices = "price_vetrai_pro:2900:usd,price_vetrai_enterprise:49900:usd";
    public const string DefaultRetryDelays = "1,2,4,8,16,32";

    /// <summary>Reads the settings; a bad value stops the start with a message naming the variable.</summary>
    public static StandInOptions FromEnvironment(Func<string, string?> read)
    {
        var url = read("STRIPE_STANDIN_URL") is { Length: > 0 } urlText
            ? Uri.TryCreate(urlText, UriKind.Absolute, out var parsed) ? parsed : throw Bad("STRIPE_STANDIN_URL", urlText, "an absolute http URL")
            : new Uri(DefaultUrl);

        var prices = new Dictionary<string, PriceDefinition>(StringComparer.Ordinal);
        foreach (var entry in (read("STRIPE_STANDIN_PRICES") is { Length: > 0 } p ? p : DefaultPrices).Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
        {
            var parts = entry.Split(':');
            if (parts.Length != 3 || !parts[0].StartsWith("price_", StringComparison.Ordinal)
                || !long.TryParse(parts[1], NumberStyles.None, CultureInfo.InvariantCulture, out var amount) || parts[2].Length != 3)
            {
                throw Bad("STRIPE_STANDIN_PRICES", entry, "price_<id>:<amount in cents>:<currency>, comma-separated");
            }

            prices[parts[0]] = new PriceDefinition(parts[0], amount, parts[2].ToLowerInvariant());
        }

        var delays = new List<TimeSpan>();
        foreach (var text in (read("STRIPE_STANDIN_RETRY_DELAYS") is { Length: > 0 } d ? d : DefaultRetryDelays).Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
        {
            if (!double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out var seconds) || seconds < 0 || seconds > 86400)
            {
                throw Bad("STRIPE_STANDIN_RETRY_DELAYS", text, "seconds between webhook attempts, comma-separated (e.g. 1,2,4)");
            }

            delays.Add(TimeSpan.FromSeconds(seconds));
        }

        Uri? webhookUrl = null;
        if (read("STRIPE_STANDIN_WEBHOOK_URL") is { Length: > 0 } hook && !Uri.TryCreate(hook, UriKind.Absolute, out webhookUrl))
        {
            throw Bad("STRIPE_STANDIN_WEBHOOK_URL", hook, "an absolute http URL");
        }

        var secret = read("STRIPE_STANDIN_WEBHOOK_SECRET") is { Length: > 0 } s ? s : null;
        if (webhookUrl is not null && secret is null)
        {
            throw new InvalidOperationException("STRIPE_STANDIN_WEBHOOK_URL is set but STRIPE_STANDIN_WEBHOOK_SECRET is not: set both (the secret starts with whsec_).");
        }

        return new StandInOptions(url, prices, delays, webhookUrl, secret);
    }

    private static InvalidOperationException Bad(string variable, string value, string expected) =>
        new($"{variable}='{value}' is not valid: expected {expected}.");
}

/// <summary>A monthly recurring price the stand-in knows.</summary>
internal sealed record PriceDefinition(string Id, long UnitAmount, string Currency)
{
    /// <summary>price_vetrai_pro → prod_vetrai_pro: one product per price.</summary>
    public string ProductId => "prod_" + Id["price_".Length..];

    /// <summary>price_vetrai_pro → "Vetrai Pro", for line descriptions.</summary>
    public string ProductName => string.Join(' ', Id["price_".Length..].Split('_', StringSplitOptions.RemoveEmptyEntries)
        .Select(word => char.ToUpperInvariant(word[0]) + word[1..]));
}
