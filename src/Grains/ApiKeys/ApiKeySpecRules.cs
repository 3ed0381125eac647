using VetrAI.Grains.Abstractions.ApiKeys;
using VetrAI.Grains.Abstractions.Errors;

namespace VetrAI.Grains.ApiKeys;

/// <summary>What a key may be created with. Checked before anything changes; the message names the field.</summary>
internal static class ApiKeySpecRules
{
    public const int MaxNameLength = 100;
    public const int MaxScopes = 50;
    public const int MaxScopeLength = 64;
    public const int MaxRateLimit = 1_000_000;
    public const int MaxWindowSeconds = 86_400;
    public const long MaxCredits = 1_000_000_000_000;
    public const int MaxMetadataEntries = 50;
    public const int MaxMetadataKeyLength = 64;
    public const int MaxMetadataBytes = 8_192;
    public const int MaxGraceSeconds = 30 * 86_400;

    public static void Validate(ApiKeySpec spec, DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(spec);
        if (string.IsNullOrWhiteSpace(spec.Name))
        {
            throw new InvalidInputException("name is required");
        }

        if (spec.Name.Length > MaxNameLength)
        {
            throw new InvalidInputException($"name must be at most {MaxNameLength} characters");
        }

        ValidateScopes(spec.Scopes);

        if (spec.ExpiresAt is { } expiresAt && expiresAt <= now)
        {
            throw new InvalidInputException("expires_at must be in the future");
        }

        if (spec.RateLimit is { } rateLimit)
        {
            if (rateLimit.Limit is < 1 or > MaxRateLimit)
            {
                throw new InvalidInputException($"rate_limit.limit must be between 1 and {MaxRateLimit}");
            }

            if (rateLimit.WindowSeconds is < 1 or > MaxWindowSeconds)
            {
                throw new InvalidInputException($"rate_limit.window_seconds must be between 1 and {MaxWindowSeconds}");
            }
        }

        if (spec.Credits is { } credits)
        {
            if (credits.Remaining is < 0 or > MaxCredits)
            {
                throw new InvalidInputException($"credits.remaining must be between 0 and {MaxCredits}");
            }

            if (credits.Refill is { } refill)
            {
                if (!Enum.IsDefined(refill.Interval))
                {
                    throw new InvalidInputException("credits.refill.interval must be daily or monthly");
                }

                if (refill.Amount is < 1 or > MaxCredits)
                {
                    throw new InvalidInputException($"credits.refill.amount must be between 1 and {MaxCredits}");
                }
            }
        }

        ValidateMetadata(spec);
    }

    public static void ValidateGrace(int graceSeconds)
    {
        if (graceSeconds is < 0 or > MaxGraceSeconds)
        {
            throw new InvalidInputException($"grace_seconds must be between 0 and {MaxGraceSeconds}");
        }
    }

    private static void ValidateScopes(IReadOnlyList<string> scopes)
    {
        if (scopes is null)
        {
            throw new InvalidInputException("scopes must be a list of strings");
        }

        if (scopes.Count > MaxScopes)
        {
            throw new InvalidInputException($"scopes may hold at most {MaxScopes} entries");
        }

        var seen = new HashSet<string>(StringComparer.Ordinal);
        foreach (var scope in scopes)
        {
            if (string.IsNullOrEmpty(scope) || scope.Length > MaxScopeLength || !IsScopeText(scope))
            {
                throw new InvalidInputException(
                    $"each scope must be 1 to {MaxScopeLength} characters of letters, digits and : . _ - *");
            }

            if (!seen.Add(scope))
            {
                throw new InvalidInputException("scopes must not repeat a scope");
            }
        }
    }

    private static bool IsScopeText(string scope)
    {
        foreach (var c in scope)
        {
            if (!char.IsAsciiLetterOrDigit(c) && c is not (':' or '.' or '_' or '-' or '*'))
            {
                return false;
            }
        }

        return true;
    }

    private static void ValidateMetadata(ApiKeySpec spec)
    {
        if (spec.Metadata is null)
        {
            throw new InvalidInputException("metadata must be an object");
        }

        if (spec.Metadata.Count > MaxMetadataEntries)
        {
            throw new InvalidInputException($"metadata may hold at most {MaxMetadataEntries} entries");
        }

        var size = 0;
        foreach (var (name, value) in spec.Metadata)
        {
            if (string.IsNullOrEmpty(name) || name.Length > MaxMetadataKeyLength)
            {
                throw new InvalidInputException($"metadata keys must be 1 to {MaxMetadataKeyLength} characters");
            }

            size += name.Length + value.GetRawText().Length;
        }

        if (size > MaxMetadataBytes)
        {
            throw new InvalidInputException($"metadata must be at most {MaxMetadataBytes} characters of JSON");
        }
    }
}
