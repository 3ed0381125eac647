using System.Globalization;

namespace VetrAI.Grains.Configuration;

/// <summary>How every duration setting (VETRAI_*_TIMEOUT, VETRAI_BILLING_GRACE_PERIOD, ...) is written: whole
/// milliseconds, or a positive TimeSpan such as <c>00:00:05</c> or <c>7.00:00:00</c>.</summary>
public static class DurationSetting
{
    /// <summary>The accepted forms, for error messages.</summary>
    public const string Forms = "milliseconds or a positive TimeSpan like 00:00:05";

    /// <summary>Reads <paramref name="value"/>; false when it is neither form or not positive.</summary>
    public static bool TryParse(string value, out TimeSpan duration)
    {
        ArgumentNullException.ThrowIfNull(value);
        if (long.TryParse(value, NumberStyles.None, CultureInfo.InvariantCulture, out var milliseconds) && milliseconds > 0)
        {
            duration = TimeSpan.FromMilliseconds(milliseconds);
            return true;
        }

        return TimeSpan.TryParse(value, CultureInfo.InvariantCulture, out duration) && duration > TimeSpan.Zero;
    }
}
