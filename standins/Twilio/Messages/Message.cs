using System.Globalization;
using System.Text.Json.Nodes;
using VetrAI.TwilioStandIn.Wire;

namespace VetrAI.TwilioStandIn.Messages;

/// <summary>An outbound message of the 2010-04-01 API. It is <c>queued</c> (or <c>accepted</c>, through a
/// Messaging Service) in the answer to its creation, and <c>delivered</c> from then on: the stand-in hands it to
/// no carrier.</summary>
internal sealed class Message
{
    public required string Sid { get; init; }

    public required string AccountSid { get; init; }

    public required string To { get; init; }

    public string? From { get; init; }

    public string? MessagingServiceSid { get; init; }

    public required string Body { get; init; }

    public string? StatusCallback { get; init; }

    public required int NumSegments { get; init; }

    public required DateTimeOffset DateCreated { get; init; }

    public string Status { get; private set; } = "queued";

    public DateTimeOffset DateUpdated { get; private set; }

    public DateTimeOffset? DateSent { get; private set; }

    public string Uri => $"/2010-04-01/Accounts/{AccountSid}/Messages/{Sid}.json";

    public void Accept(DateTimeOffset now)
    {
        Status = From is null ? "accepted" : "queued";
        DateUpdated = now;
    }

    public void Deliver(DateTimeOffset now)
    {
        Status = "delivered";
        DateSent = now;
        DateUpdated = now;
    }

    public JsonObject ToJson()
    {
        var sent = DateSent is not null;
        return new JsonObject
        {
            ["account_sid"] = AccountSid,
            ["api_version"] = "2010-04-01",
            ["body"] = Body,
            ["date_created"] = TwilioDates.Format(DateCreated),
            ["date_sent"] = DateSent is { } at ? TwilioDates.Format(at) : null,
            ["date_updated"] = TwilioDates.Format(DateUpdated),
            ["direction"] = "outbound-api",
            ["error_code"] = null,
            ["error_message"] = null,
            ["from"] = From,
            ["messaging_service_sid"] = MessagingServiceSid,
            ["num_media"] = "0",
            ["num_segments"] = NumSegments.ToString(CultureInfo.InvariantCulture),
            // US domestic rate per segment, negative as Twilio writes charges; unknown until sent.
            ["price"] = sent ? (-0.0079m * NumSegments).ToString("0.00000", CultureInfo.InvariantCulture) : null,
            ["price_unit"] = "USD",
            ["sid"] = Sid,
            ["status"] = Status,
            ["subresource_uris"] = new JsonObject
            {
                ["media"] = $"/2010-04-01/Accounts/{AccountSid}/Messages/{Sid}/Media.json",
                ["feedback"] = $"/2010-04-01/Accounts/{AccountSid}/Messages/{Sid}/Feedback.json",
            },
            ["to"] = To,
            ["uri"] = Uri,
        };
    }
}
