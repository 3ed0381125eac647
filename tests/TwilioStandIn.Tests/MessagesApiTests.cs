using Twilio.Exceptions;
using Twilio.Rest.Api.V2010.Account;
using Twilio.Types;
using VetrAI.TestSupport;

namespace VetrAI.TwilioStandIn.Tests;

/// <summary>The stand-in through Twilio's own .NET client (8.2.0): what it sends must be understood, and what it
/// answers must deserialize into fully populated resources and Twilio's exceptions.</summary>
[Collection(StandInCollection.Name)]
public sealed class MessagesApiTests(StandInProcess standIn)
{
    private const string Sender = "+15005550006";

    [Fact]
    public async Task A_created_message_is_queued_then_fetched_as_delivered_with_every_field_of_the_resource()
    {
        using var account = await TwilioStandInAccount.CreateAsync(standIn.Url);
        var client = TwilioClients.For(account);

        var created = await MessageResource.CreateAsync(new CreateMessageOptions(new PhoneNumber("+15551230001"))
        {
            From = new PhoneNumber(Sender),
            Body = "Your ticket T-42 was assigned to you.",
            StatusCallback = new Uri("https://vetrai.example/api/v1/webhooks/twilio"),
        }, client);

        Assert.Matches("^SM[0-9a-f]{32}$", created.Sid);
        Assert.Equal(MessageResource.StatusEnum.Queued, created.Status);
        Assert.Equal(MessageResource.DirectionEnum.OutboundApi, created.Direction);
        Assert.Equal((account.AccountSid, "+15551230001", Sender, "Your ticket T-42 was assigned to you."),
            (created.AccountSid, created.To, created.From.ToString(), created.Body));
        Assert.Equal(("1", "0", "2010-04-01"), (created.NumSegments, created.NumMedia, created.ApiVersion));
        Assert.Null(created.ErrorCode);
        Assert.Null(created.DateSent);
        Assert.InRange(created.DateCreated!.Value.ToUniversalTime(), DateTime.UtcNow.AddMinutes(-1), DateTime.UtcNow.AddMinutes(1));
        Assert.Equal($"/2010-04-01/Accounts/{account.AccountSid}/Messages/{created.Sid}.json", created.Uri);

        var fetched = await MessageResource.FetchAsync(created.Sid, client: client);
        Assert.Equal(MessageResource.StatusEnum.Delivered, fetched.Status);
        Assert.NotNull(fetched.DateSent);
        Assert.Equal(("-0.00790", "USD"), (fetched.Price, fetched.PriceUnit));

        var sent = Assert.Single(await account.MessagesAsync());
        Assert.Equal(new StandInSms("+15551230001", Sender, created.Body, "https://vetrai.example/api/v1/webhooks/twilio", 201, created.Sid, null, null), sent);
    }

    [Fact]
    public async Task The_list_pages_through_Twilio_envelope_newest_first_and_filters_by_recipient()
    {
        using var account = await TwilioStandInAccount.CreateAsync(standIn.Url);
        var client = TwilioClients.For(account);
        var sids = new List<string>();
        for (var i = 1; i <= 5; i++)
        {
            var to = i % 2 == 0 ? "+15551230002" : "+15551230003";
            sids.Add((await MessageResource.CreateAsync(new CreateMessageOptions(new PhoneNumber(to)) { From = new PhoneNumber(Sender), Body = $"n{i}" }, client)).Sid);
        }

        // Two per page: the client follows next_page_uri (through the stand-in) until it is null.
        var all = await MessageResource.ReadAsync(new ReadMessageOptions { PageSize = 2 }, client);
        Assert.Equal(Enumerable.Reverse(sids), all.Select(m => m.Sid));

        var toOne = await MessageResource.ReadAsync(new ReadMessageOptions { To = new PhoneNumber("+15551230002") }, client);
        Assert.Equal(["n4", "n2"], toOne.Select(m => m.Body));
    }

    [Fact]
    public async Task Each_account_sees_only_its_own_messages_and_a_wrong_token_is_refused_as_Twilio_refuses_it()
    {
        using var first = await TwilioStandInAccount.CreateAsync(standIn.Url);
        using var second = await TwilioStandInAccount.CreateAsync(standIn.Url);
        await MessageResource.CreateAsync(new CreateMessageOptions(new PhoneNumber("+15551230004")) { From = new PhoneNumber(Sender), Body = "mine" }, TwilioClients.For(first));

        Assert.Empty(await MessageResource.ReadAsync(client: TwilioClients.For(second)));
        var refused = await Assert.ThrowsAsync<ApiException>(() => MessageResource.ReadAsync(client: TwilioClients.For(first, authToken: second.AuthToken)));
        Assert.Equal((401, 20003, "Authenticate", "https://www.twilio.com/docs/errors/20003"), (refused.Status, refused.Code, refused.Message, refused.MoreInfo));

        var missing = await Assert.ThrowsAsync<ApiException>(() => MessageResource.FetchAsync("SM00000000000000000000000000000000", client: TwilioClients.For(first)));
        Assert.Equal((404, 20404), (missing.Status, missing.Code));
    }

    [Theory]
    [InlineData("+1555", Sender, "hi", 21211, "The 'To' number +1555 is not a valid phone number.")]
    [InlineData("+15551230005", Sender, null, 21602, "Message body is required.")]
    [InlineData("+15551230005", null, "hi", 21603, "A 'From' phone number is required.")]
    [InlineData("+15005550001", Sender, "hi", 21211, "The 'To' number +15005550001 is not a valid phone number.")]
    [InlineData("+15005550004", Sender, "hi", 21610, "Attempt to send to unsubscribed recipient: +15005550004")]
    public async Task Bad_input_gets_Twilio_validation_error_with_status_400_and_is_recorded(string to, string? from, string? body, int code, string message)
    {
        using var account = await TwilioStandInAccount.CreateAsync(standIn.Url);
        var options = new CreateMessageOptions(new PhoneNumber(to)) { Body = body };
        if (from is not null)
        {
            options.From = new PhoneNumber(from);
        }

        var error = await Assert.ThrowsAsync<ApiException>(() => MessageResource.CreateAsync(options, TwilioClients.For(account)));

        Assert.Equal((400, code, message), (error.Status, error.Code, error.Message));
        Assert.Equal($"https://www.twilio.com/docs/errors/{code}", error.MoreInfo);
        var recorded = Assert.Single(await account.MessagesAsync());
        Assert.Equal((400, code, (string?)null), (recorded.HttpStatus, recorded.ErrorCode, recorded.Sid));
    }

    [Fact]
    public async Task Injected_failures_answer_the_chosen_status_and_code_the_given_number_of_times_then_sends_succeed()
    {
        using var account = await TwilioStandInAccount.CreateAsync(standIn.Url);
        var client = TwilioClients.For(account);
        CreateMessageOptions Send() => new(new PhoneNumber("+15551230006")) { From = new PhoneNumber(Sender), Body = "retry me" };

        await account.FailNextAsync(2, 503, 20503);
        for (var i = 0; i < 2; i++)
        {
            var unavailable = await Assert.ThrowsAsync<ApiException>(() => MessageResource.CreateAsync(Send(), client));
            Assert.Equal((503, 20503, "Service unavailable"), (unavailable.Status, unavailable.Code, unavailable.Message));
        }

        Assert.Equal(MessageResource.StatusEnum.Queued, (await MessageResource.CreateAsync(Send(), client)).Status);

        await account.FailNextAsync(5, 400, 21610, "Attempt to send to unsubscribed recipient");
        await account.ClearFailuresAsync();
        await MessageResource.CreateAsync(Send(), client);

        Assert.Equal([503, 503, 201, 201], (await account.MessagesAsync()).Select(m => m.HttpStatus));
        Assert.Equal(2, (await MessageResource.ReadAsync(client: client)).Count());
    }

    [Theory]
    [InlineData(160, 'a', "1")]
    [InlineData(161, 'a', "2")]
    [InlineData(306, 'a', "2")]
    [InlineData(161, 'é', "2")]
    [InlineData(70, 'ж', "1")]
    [InlineData(71, 'ж', "2")]
    public async Task Segments_are_counted_as_Twilio_counts_them_for_GSM_7_and_UCS_2(int length, char letter, string segments)
    {
        using var account = await TwilioStandInAccount.CreateAsync(standIn.Url);
        var created = await MessageResource.CreateAsync(new CreateMessageOptions(new PhoneNumber("+15551230007"))
        {
            From = new PhoneNumber(Sender),
            Body = new string(letter, length),
        }, TwilioClients.For(account));

        Assert.Equal(segments, created.NumSegments);
    }
}
