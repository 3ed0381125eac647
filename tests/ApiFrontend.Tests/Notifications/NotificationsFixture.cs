using System.Globalization;
using VetrAI.ApiFrontend.Tests.Infrastructure;
using VetrAI.ApiFrontend.Tests.Tickets;
using VetrAI.TestSupport;

namespace VetrAI.ApiFrontend.Tests.Notifications;

/// <summary>The support harness whose email goes to maildev through a <see cref="TcpForwarder"/>, so a test can take
/// the SMTP server down for this front end alone; fast delivery retries and usage flushes.</summary>
public sealed class NotificationsFixture : SupportFixture, IAsyncLifetime
{
    private TcpForwarder? _smtp;
    private TwilioStandInAccount? _twilio;

    /// <summary>The SMTP server as this front end sees it.</summary>
    public TcpForwarder Smtp => _smtp ?? throw new InvalidOperationException("The fixture has not started.");

    /// <summary>This fixture's account at the Twilio stand-in, where its SMS go.</summary>
    public TwilioStandInAccount Twilio => _twilio ?? throw new InvalidOperationException("The fixture has not started.");

    public new async Task InitializeAsync()
    {
        _twilio = await TwilioStandInAccount.CreateAsync(TwilioStandInAccount.StandInUrlFromEnvironment());
        await base.InitializeAsync();
    }

    protected override void Configure(TestFrontendOptions options)
    {
        base.Configure(options);
        var host = Environment.GetEnvironmentVariable("VETRAI_TEST_SMTP_HOST")
            ?? throw new InvalidOperationException("VETRAI_TEST_SMTP_HOST is not set: run the tests with ./test.sh, which starts maildev.");
        var port = int.Parse(Environment.GetEnvironmentVariable("VETRAI_TEST_SMTP_PORT")!, CultureInfo.InvariantCulture);
        _smtp = new TcpForwarder(host, port);
        _smtp.Up();
        options.Settings["VETRAI_SMTP_HOST"] = "127.0.0.1";
        options.Settings["VETRAI_SMTP_PORT"] = _smtp.Port.ToString(CultureInfo.InvariantCulture);
        options.Settings["VETRAI_NOTIFICATIONS_RETRY_BASE_MS"] = "300";
        options.Settings["ApiKeys:UsageFlushInterval"] = "00:00:01";
        options.Settings["VETRAI_TWILIO_API_BASE"] = Twilio.BaseUrl.ToString();
        options.Settings["VETRAI_TWILIO_ACCOUNT_SID"] = Twilio.AccountSid;
        options.Settings["VETRAI_TWILIO_AUTH_TOKEN"] = Twilio.AuthToken;
        options.Settings["VETRAI_TWILIO_FROM"] = "+15005550006";
    }

    public new async Task DisposeAsync()
    {
        await base.DisposeAsync();
        if (_smtp is not null)
        {
            await _smtp.DisposeAsync();
        }

        _twilio?.Dispose();
    }
}
