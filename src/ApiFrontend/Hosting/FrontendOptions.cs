using System.Net;
using Microsoft.Extensions.Options;

namespace VetrAI.ApiFrontend.Hosting;

/// <summary>Where the front end listens and keeps its files.</summary>
public sealed class FrontendOptions
{
    /// <summary>HTTP port (<c>VETRAI_HTTP_PORT</c>, default 8080; 0 picks a free port).</summary>
    public int HttpPort { get; set; } = 8080;

    /// <summary>Address to listen on (<c>VETRAI_HTTP_BIND</c>, default 127.0.0.1; 0.0.0.0 in a container).</summary>
    public string HttpBind { get; set; } = "127.0.0.1";

    /// <summary>Directory for local state such as the generated JWT key (<c>VETRAI_DATA_DIR</c>, default ./.data).</summary>
    public string DataDirectory { get; set; } = "./.data";

    /// <summary>The URL clients reach this service at, used in links sent by email (<c>VETRAI_PUBLIC_URL</c>,
    /// default http://127.0.0.1:&lt;port&gt;).</summary>
    public string? PublicUrl { get; set; }

    /// <summary>Users must verify their email address before they create API keys
    /// (<c>VETRAI_REQUIRE_VERIFIED_EMAIL_FOR_API_KEYS</c>, default false).</summary>
    public bool RequireVerifiedEmailForApiKeys { get; set; }

    /// <summary>The public URL, defaulted from the bind address and port.</summary>
    public string EffectivePublicUrl => (PublicUrl ?? $"http://127.0.0.1:{HttpPort}").TrimEnd('/');
}

internal sealed class FrontendOptionsValidator : IValidateOptions<FrontendOptions>
{
    public ValidateOptionsResult Validate(string? name, FrontendOptions options)
    {
        var failures = new List<string>();
        if (options.HttpPort is < 0 or > 65535)
        {
            failures.Add($"{VetrAISettings.HttpPort} must be a port number from 0 to 65535, but is {options.HttpPort}.");
        }

        if (!IPAddress.TryParse(options.HttpBind, out _))
        {
            failures.Add($"{VetrAISettings.HttpBind} must be an IP address such as 127.0.0.1 or 0.0.0.0, but is '{options.HttpBind}'.");
        }

        if (options.PublicUrl is not null
            && (!Uri.TryCreate(options.PublicUrl, UriKind.Absolute, out var uri) || uri.Scheme is not ("http" or "https")))
        {
            failures.Add($"{VetrAISettings.PublicUrl} must be an absolute http(s) URL, but is '{options.PublicUrl}'.");
        }

        return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
    }
}
