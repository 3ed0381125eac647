namespace VetrAI.TwilioStandIn;

/// <summary>The stand-in's settings, from environment variables (see README.md).</summary>
internal sealed record StandInOptions(Uri Url)
{
    public const string DefaultUrl = "http://127.0.0.1:12112";

    /// <summary>Reads the settings; a bad value stops the start with a message naming the variable.</summary>
    public static StandInOptions FromEnvironment(Func<string, string?> read)
    {
        if (read("TWILIO_STANDIN_URL") is not { Length: > 0 } text)
        {
            return new StandInOptions(new Uri(DefaultUrl));
        }

        return Uri.TryCreate(text, UriKind.Absolute, out var url) && url.Scheme == Uri.UriSchemeHttp
            ? new StandInOptions(url)
            : throw new InvalidOperationException($"TWILIO_STANDIN_URL='{text}' is not valid: expected an absolute http URL such as {DefaultUrl}.");
    }
}
