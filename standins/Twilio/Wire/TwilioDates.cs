using System.Globalization;

namespace VetrAI.TwilioStandIn.Wire;

/// <summary>Dates as the 2010-04-01 API writes them: RFC 2822, always in UTC (<c>Thu, 24 Aug 2023 05:01:45 +0000</c>).</summary>
internal static class TwilioDates
{
    public static string Format(DateTimeOffset at) =>
        at.ToUniversalTime().ToString("ddd, dd MMM yyyy HH:mm:ss '+0000'", CultureInfo.InvariantCulture);
}
