using Microsoft.Extensions.Options;

namespace VetrAI.Grains.ObjectStorage;

/// <summary>Settings of the S3-compatible bucket (VETRAI_S3_*).</summary>
public sealed class ObjectStorageOptions
{
    /// <summary>The S3 endpoint (VETRAI_S3_ENDPOINT), e.g. http://minio:9000. Without it there is no object
    /// storage: the features that store files answer 503 and everything else works.</summary>
    public string? Endpoint { get; set; }

    /// <summary>Access key (VETRAI_S3_ACCESS_KEY).</summary>
    public string? AccessKey { get; set; }

    /// <summary>Secret key (VETRAI_S3_SECRET_KEY).</summary>
    public string? SecretKey { get; set; }

    /// <summary>The bucket (VETRAI_S3_BUCKET), created at start when missing.</summary>
    public string Bucket { get; set; } = "vetrai";

    /// <summary>The region requests are signed for (VETRAI_S3_REGION).</summary>
    public string Region { get; set; } = "us-east-1";

    /// <summary>Whether an endpoint is configured.</summary>
    public bool IsConfigured => !string.IsNullOrEmpty(Endpoint);

    /// <summary>How long a presigned download URL stays valid.</summary>
    public TimeSpan DownloadUrlLifetime { get; set; } = TimeSpan.FromMinutes(5);
}

internal sealed class ObjectStorageOptionsValidator : IValidateOptions<ObjectStorageOptions>
{
    public ValidateOptionsResult Validate(string? name, ObjectStorageOptions options)
    {
        var failures = new List<string>();
        if (!string.IsNullOrEmpty(options.Endpoint))
        {
            if (!Uri.TryCreate(options.Endpoint, UriKind.Absolute, out var endpoint) || endpoint.Scheme is not ("http" or "https"))
            {
                failures.Add($"VETRAI_S3_ENDPOINT '{options.Endpoint}' is not an absolute http(s) URL.");
            }
            else if (endpoint.AbsolutePath != "/" || endpoint.Query.Length > 0)
            {
                // The Minio client addresses buckets below the server's root; it has no place for a base path.
                failures.Add($"VETRAI_S3_ENDPOINT '{options.Endpoint}' must be the server's root URL, without a path.");
            }
        }

        if (!string.IsNullOrEmpty(options.Endpoint) && (string.IsNullOrEmpty(options.AccessKey) || string.IsNullOrEmpty(options.SecretKey)))
        {
            failures.Add("VETRAI_S3_ACCESS_KEY and VETRAI_S3_SECRET_KEY must both be set with VETRAI_S3_ENDPOINT.");
        }

        if (options.Bucket.Length is < 3 or > 63 || !options.Bucket.All(c => char.IsAsciiLetterLower(c) || char.IsAsciiDigit(c) || c is '-' or '.'))
        {
            failures.Add($"VETRAI_S3_BUCKET '{options.Bucket}' is not a valid bucket name (3-63 characters of a-z, 0-9, '-' and '.').");
        }

        if (string.IsNullOrWhiteSpace(options.Region))
        {
            failures.Add("VETRAI_S3_REGION must not be empty.");
        }

        if (options.DownloadUrlLifetime < TimeSpan.FromSeconds(1) || options.DownloadUrlLifetime > TimeSpan.FromDays(7))
        {
            failures.Add("ObjectStorage DownloadUrlLifetime must be between 1 second and 7 days.");
        }

        return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
    }
}
