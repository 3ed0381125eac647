using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using VetrAI.Grains.Notifications.Sms;
using VetrAI.TestSupport;

namespace VetrAI.TwilioStandIn.Tests;

/// <summary>VetrAI's <see cref="ISmsSender"/> (Twilio's client underneath) against the stand-in: sent, failed for good
/// with Twilio's code and message, or a transient failure the caller retries.</summary>
[Collection(StandInCollection.Name)]
public sealed class SmsSenderTests(StandInProcess standIn)
{
    private const string Sender = "+15005550006";

    [Fact]
    public async Task A_sent_SMS_returns_Twilio_message_sid_and_reaches_the_stand_in_from_the_configured_number()
    {
        using var account = await TwilioStandInAccount.CreateAsync(standIn.Url);
        await using var services = Services(account);

        var result = await services.GetRequiredService<ISmsSender>().SendAsync("+15551239001", "Job 7 failed for good.", "delivery-1", CancellationToken.None);

        Assert.True(result.Sent);
        Assert.Equal("queued", result.ProviderStatus);
        var sent = Assert.Single(await account.MessagesAsync());
        Assert.Equal(("+15551239001", Sender, "Job 7 failed for good.", result.MessageSid), (sent.To, sent.From, sent.Body, sent.Sid));
    }

    [Fact]
    public async Task A_Twilio_4xx_is_a_permanent_failure_carrying_Twilio_code_and_message()
    {
        using var account = await TwilioStandInAccount.CreateAsync(standIn.Url);
        await using var services = Services(account);
        var sender = services.GetRequiredService<ISmsSender>();

        await account.FailNextAsync(1, 400, 21610, "Attempt to send to unsubscribed recipient");
        var unsubscribed = await sender.SendAsync("+15551239002", "hi", "delivery-2", CancellationToken.None);
        var invalid = await sender.SendAsync("+1555", "hi", "delivery-3", CancellationToken.None);

        Assert.Equal((false, null, 21610, "Attempt to send to unsubscribed recipient"),
            (unsubscribed.Sent, unsubscribed.MessageSid, unsubscribed.ErrorCode, unsubscribed.ErrorMessage));
        Assert.Equal((false, 21211, "The 'To' number +1555 is not a valid phone number."), (invalid.Sent, invalid.ErrorCode, invalid.ErrorMessage));
    }

    [Theory]
    [InlineData(500, 20500)]
    [InlineData(503, 20503)]
    [InlineData(429, 20429)]
    public async Task A_Twilio_5xx_or_429_throws_the_transient_exception_and_the_retry_sends(int status, int code)
    {
        using var account = await TwilioStandInAccount.CreateAsync(standIn.Url);
        await using var services = Services(account);
        var sender = services.GetRequiredService<ISmsSender>();

        await account.FailNextAsync(1, status, code);
        var transient = await Assert.ThrowsAsync<SmsTransientException>(() => sender.SendAsync("+15551239003", "hi", "delivery-4", CancellationToken.None));
        Assert.Equal((status, code, status != 429), (transient.HttpStatus, transient.ErrorCode, transient.MayHaveBeenSent));

        Assert.True((await sender.SendAsync("+15551239003", "hi", "delivery-4", CancellationToken.None)).Sent);
        Assert.Equal([status, 201], (await account.MessagesAsync()).Select(m => m.HttpStatus));
    }

    [Fact]
    public async Task A_Twilio_slower_than_the_timeout_throws_the_transient_exception_saying_it_may_have_sent()
    {
        using var account = await TwilioStandInAccount.CreateAsync(standIn.Url);
        await using var services = Services(account, timeoutMs: 300);

        await account.FailNextAsync(1, 500, 20500, delay: TimeSpan.FromSeconds(10));
        var transient = await Assert.ThrowsAsync<SmsTransientException>(() =>
            services.GetRequiredService<ISmsSender>().SendAsync("+15551239004", "hi", "delivery-5", CancellationToken.None));

        Assert.True(transient.MayHaveBeenSent);
        Assert.Contains(TwilioOptions.TimeoutSetting, transient.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task An_unreachable_Twilio_throws_the_transient_exception_saying_nothing_was_sent()
    {
        using var account = await TwilioStandInAccount.CreateAsync(standIn.Url);
        // A port nothing listens on.
        await using var services = Services(account, apiBase: "http://127.0.0.1:9");

        var transient = await Assert.ThrowsAsync<SmsTransientException>(() =>
            services.GetRequiredService<ISmsSender>().SendAsync("+15551239005", "hi", "delivery-6", CancellationToken.None));

        Assert.False(transient.MayHaveBeenSent);
        Assert.Null(transient.HttpStatus);
    }

    [Fact]
    public async Task The_caller_cancellation_token_cancels_the_request_to_Twilio()
    {
        using var account = await TwilioStandInAccount.CreateAsync(standIn.Url);
        await using var services = Services(account);
        await account.FailNextAsync(1, 500, 20500, delay: TimeSpan.FromSeconds(30));
        using var cancel = new CancellationTokenSource(TimeSpan.FromMilliseconds(200));

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() =>
            services.GetRequiredService<ISmsSender>().SendAsync("+15551239006", "hi", "delivery-7", cancel.Token));
    }

    [Fact]
    public async Task Without_an_account_SID_every_SMS_fails_as_not_configured_and_nothing_is_called()
    {
        await using var services = Build(new Dictionary<string, string?>());

        var result = await services.GetRequiredService<ISmsSender>().SendAsync("+15551239007", "hi", "delivery-8", CancellationToken.None);

        Assert.Equal((false, null, SmsResult.NotConfiguredMessage), (result.Sent, result.ErrorCode, result.ErrorMessage));
        Assert.StartsWith("SMS not configured", result.ErrorMessage, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(TwilioOptions.AccountSidSetting, "AC123")]
    [InlineData(TwilioOptions.AuthTokenSetting, "")]
    [InlineData(TwilioOptions.FromSetting, "5551234")]
    [InlineData(TwilioOptions.ApiBaseSetting, "ftp://twilio")]
    [InlineData(TwilioOptions.TimeoutSetting, "soon")]
    public async Task A_bad_setting_is_refused_with_a_message_naming_it(string setting, string value)
    {
        var settings = new Dictionary<string, string?>
        {
            [TwilioOptions.AccountSidSetting] = "AC" + new string('a', 32),
            [TwilioOptions.AuthTokenSetting] = "token",
            [TwilioOptions.FromSetting] = Sender,
            [setting] = value,
        };
        await using var services = Build(settings);

        var refused = Assert.Throws<OptionsValidationException>(() => services.GetRequiredService<IOptions<TwilioOptions>>().Value);

        var failure = Assert.Single(refused.Failures);
        Assert.Contains(setting, failure, StringComparison.Ordinal);
    }

    private static ServiceProvider Services(TwilioStandInAccount account, int timeoutMs = 10_000, string? apiBase = null) => Build(new Dictionary<string, string?>
    {
        [TwilioOptions.AccountSidSetting] = account.AccountSid,
        [TwilioOptions.AuthTokenSetting] = account.AuthToken,
        [TwilioOptions.FromSetting] = Sender,
        [TwilioOptions.ApiBaseSetting] = apiBase ?? account.BaseUrl.ToString(),
        [TwilioOptions.TimeoutSetting] = timeoutMs.ToString(System.Globalization.CultureInfo.InvariantCulture),
    });

    private static ServiceProvider Build(Dictionary<string, string?> settings)
    {
        var services = new ServiceCollection();
        services.AddLogging();
        services.AddSingleton<IConfiguration>(new ConfigurationBuilder().AddInMemoryCollection(settings).Build());
        services.AddVetrAISms();
        return services.BuildServiceProvider();
    }
}
