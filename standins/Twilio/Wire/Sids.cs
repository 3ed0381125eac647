using System.Security.Cryptography;
using System.Text.RegularExpressions;

namespace VetrAI.TwilioStandIn.Wire;

/// <summary>Twilio's identifiers: two capital letters and 32 lowercase hex digits (SM..., AC..., RQ...).</summary>
internal static partial class Sids
{
    public static string New(string prefix) => prefix + Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(16));

    public static bool IsAccountSid(string? value) => value is not null && AccountSid().IsMatch(value);

    public static bool IsMessagingServiceSid(string? value) => value is not null && MessagingServiceSid().IsMatch(value);

    [GeneratedRegex("^AC[0-9a-fA-F]{32}$")]
    private static partial Regex AccountSid();

    [GeneratedRegex("^MG[0-9a-fA-F]{32}$")]
    private static partial Regex MessagingServiceSid();
}
