using Twilio.Clients;
using Twilio.Http;
using VetrAI.Grains.Notifications.Sms;
using VetrAI.TestSupport;

namespace VetrAI.TwilioStandIn.Tests;

/// <summary>Twilio's own REST client for an account on the stand-in, reaching it as VetrAI does (the bottom HTTP
/// handler that moves Twilio's URLs to another base).</summary>
internal static class TwilioClients
{
    public static TwilioRestClient For(TwilioStandInAccount account, string? authToken = null) =>
        new(account.AccountSid, authToken ?? account.AuthToken, httpClient: new SystemNetHttpClient(
            new System.Net.Http.HttpClient(new TwilioApiBaseHandler(account.BaseUrl, new SocketsHttpHandler()))));
}
