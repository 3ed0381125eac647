using Microsoft.Extensions.Options;

namespace VetrAI.Grains.Themes;

/// <summary>Settings of themes (VETRAI_THEMES_*, and the public URL emails link the logo with).</summary>
public sealed class ThemeOptions
{
    /// <summary>The most an uploaded logo or favicon may weigh (VETRAI_THEMES_MAX_IMAGE_BYTES, default 1 MiB); larger
    /// uploads get 413. Uploads are held in memory while they are checked, so the limit is also that memory.</summary>
    public long MaxImageBytes { get; set; } = 1024 * 1024;

    /// <summary>The URL clients reach the API at (VETRAI_PUBLIC_URL; default http://127.0.0.1:&lt;VETRAI_HTTP_PORT or 8080&gt;),
    /// for absolute logo URLs in emails.</summary>
    public string PublicUrl { get; set; } = "http://127.0.0.1:8080";

    /// <summary>The largest limit accepted, so that a typo cannot make a silo buffer gigabytes.</summary>
    public const long MaxImageBytesCeiling = 16 * 1024 * 1024;
}

internal sealed class ThemeOptionsValidator : IValidateOptions<ThemeOptions>
{
    public ValidateOptionsResult Validate(string? name, ThemeOptions options)
    {
        var failures = new List<string>();
        if (options.MaxImageBytes is < 1 or > ThemeOptions.MaxImageBytesCeiling)
        {
            failures.Add($"VETRAI_THEMES_MAX_IMAGE_BYTES must be a whole number of bytes from 1 to {ThemeOptions.MaxImageBytesCeiling}.");
        }

        if (!Uri.TryCreate(options.PublicUrl, UriKind.Absolute, out var uri) || uri.Scheme is not ("http" or "https"))
        {
            failures.Add($"VETRAI_PUBLIC_URL must be an absolute http(s) URL, but is '{options.PublicUrl}'.");
        }

        return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
    }
}
