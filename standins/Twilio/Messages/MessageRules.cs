using System.Text.RegularExpressions;
using VetrAI.TwilioStandIn.Wire;

namespace VetrAI.TwilioStandIn.Messages;

/// <summary>Twilio's checks of a new message, in Twilio's order, with its error codes and messages; and how many
/// segments a body takes.</summary>
internal static partial class MessageRules
{
    public const int MaxBodyLength = 1600;

    // GSM 03.38: the basic set costs one septet, the extension set two (escape + character); anything else makes
    // the whole message UCS-2.
    private const string GsmBasic =
        "@£$¥èéùìòÇ\nØø\rÅåΔ_ΦΓΛΩΠΨΣΘΞÆæßÉ !\"#¤%&'()*+,-./0123456789:;<=>?¡ABCDEFGHIJKLMNOPQRSTUVWXYZÄÖÑÜ§¿abcdefghijklmnopqrstuvwxyzäöñüà";
    private const string GsmExtension = "\f^{}\\[~]|€";

    /// <summary>Twilio's magic test numbers (https://www.twilio.com/docs/iam/test-credentials): the same errors
    /// here, so that a run can provoke a provider failure without a control call.</summary>
    private static readonly Dictionary<string, int> MagicTo = new(StringComparer.Ordinal)
    {
        ["+15005550001"] = 21211,
        ["+15005550002"] = 21612,
        ["+15005550003"] = 21408,
        ["+15005550004"] = 21610,
        ["+15005550009"] = 21614,
    };

    private static readonly Dictionary<string, int> MagicFrom = new(StringComparer.Ordinal)
    {
        ["+15005550001"] = 21212,
        ["+15005550007"] = 21606,
        ["+15005550008"] = 21611,
    };

    /// <summary>Throws the <see cref="TwilioError"/> Twilio answers to these parameters, if any.</summary>
    public static void Validate(string? to, string? from, string? messagingServiceSid, string? body, string? statusCallback)
    {
        if (string.IsNullOrEmpty(to))
        {
            throw Invalid(21604, "A 'To' phone number is required.");
        }

        if (string.IsNullOrEmpty(from) && string.IsNullOrEmpty(messagingServiceSid))
        {
            throw Invalid(21603, "A 'From' phone number is required.");
        }

        if (string.IsNullOrEmpty(body))
        {
            throw Invalid(21602, "Message body is required.");
        }

        if (!E164().IsMatch(to) || MagicTo.GetValueOrDefault(to) == 21211)
        {
            throw Invalid(21211, $"The 'To' number {to} is not a valid phone number.");
        }

        if (!string.IsNullOrEmpty(from) && (!(E164().IsMatch(from) || AlphanumericSender().IsMatch(from)) || MagicFrom.GetValueOrDefault(from) == 21212))
        {
            throw Invalid(21212, $"The 'From' number {from} is not a valid phone number, shortcode, or alphanumeric sender ID.");
        }

        if (string.IsNullOrEmpty(from) && !Sids.IsMessagingServiceSid(messagingServiceSid))
        {
            throw Invalid(21701, $"The Messaging Service Sid {messagingServiceSid} is invalid.");
        }

        if (body.Length > MaxBodyLength)
        {
            throw Invalid(21617, "The concatenated message body exceeds the 1600 character limit.");
        }

        if (statusCallback is { Length: > 0 } && !(System.Uri.TryCreate(statusCallback, UriKind.Absolute, out var callback) && callback.Scheme is "http" or "https"))
        {
            throw Invalid(21609, $"The StatusCallback URL {statusCallback} is not a valid URL.");
        }

        if (from is not null && MagicFrom.TryGetValue(from, out var fromCode))
        {
            throw Invalid(fromCode, TwilioError.DefaultMessage(fromCode) + ": " + from);
        }

        if (MagicTo.TryGetValue(to, out var toCode))
        {
            throw Invalid(toCode, TwilioError.DefaultMessage(toCode) + ": " + to);
        }
    }

    /// <summary>Segments of a concatenated SMS: GSM-7 160 alone or 153 each, UCS-2 70 alone or 67 each (UTF-16
    /// units, so an emoji takes two).</summary>
    public static int Segments(string body)
    {
        var septets = 0;
        foreach (var c in body)
        {
            if (GsmBasic.Contains(c, StringComparison.Ordinal))
            {
                septets++;
            }
            else if (GsmExtension.Contains(c, StringComparison.Ordinal))
            {
                septets += 2;
            }
            else
            {
                return body.Length <= 70 ? 1 : (body.Length + 66) / 67;
            }
        }

        return septets <= 160 ? 1 : (septets + 152) / 153;
    }

    private static TwilioError Invalid(int code, string message) => new(400, code, message);

    [GeneratedRegex(@"^\+[1-9][0-9]{6,14}$")]
    private static partial Regex E164();

    // Up to 11 characters of letters, digits, spaces, with at least one letter.
    [GeneratedRegex("^(?=.*[A-Za-z])[A-Za-z0-9 ]{1,11}$")]
    private static partial Regex AlphanumericSender();
}
