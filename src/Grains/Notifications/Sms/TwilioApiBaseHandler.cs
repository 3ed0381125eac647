namespace VetrAI.Grains.Notifications.Sms;

/// <summary>The bottom of the Twilio client's HTTP stack. Twilio 8.2.0 builds every URL as
/// <c>https://{domain}.twilio.com/...</c> (its <c>Request</c> has no base-URL setting, only region and edge, which
/// change the host name), so this handler moves each request to <see cref="TwilioOptions.ApiBase"/>, keeping path and
/// query; the client's own request (form body, basic auth, headers) is unchanged. It also carries the caller's
/// cancellation token, which Twilio's <c>SystemNetHttpClient</c> does not pass on.</summary>
internal sealed class TwilioApiBaseHandler : DelegatingHandler
{
    private static readonly AsyncLocal<CancellationToken> CallerToken = new();
    private readonly string _root;

    public TwilioApiBaseHandler(Uri apiBase, HttpMessageHandler innerHandler)
        : base(innerHandler)
    {
        ArgumentNullException.ThrowIfNull(apiBase);
        _root = apiBase.GetLeftPart(UriPartial.Path).TrimEnd('/');
    }

    /// <summary>The token of the SMS being sent, for the requests the Twilio client makes below the caller's async
    /// flow (an async local: set in the caller's async method, it reverts when that method returns).</summary>
    public static CancellationToken CallerCancellation
    {
        get => CallerToken.Value;
        set => CallerToken.Value = value;
    }

    protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        if (request.RequestUri is { IsAbsoluteUri: true } uri)
        {
            request.RequestUri = new Uri(_root + uri.PathAndQuery);
        }

        using var linked = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, CallerToken.Value);
        return await base.SendAsync(request, linked.Token);
    }
}
