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

    /// <summary>Bytes buffered per part of a multipart upload: the most one upload holds in memory.
    /// S3 needs at least 5 MiB for every part but the last.</summary>
    public int PartSizeBytes { get; set; } = 5 * 1024 * 1024;

    /// <summary>Whether an endpoint is configured.</summary>
    public bool IsConfigured => !string.IsNullOrEmpty(Endpoint);

    /// <summary>How long a presigned download URL stays valid.</summary>
    public TimeSpan DownloadUrlLifetime { get; set; } = TimeSpan.FromMinutes(5);
}

internal sealed class ObjectStorageOptionsValidator : IValidateOptions<ObjectStorageOptions>
{
    private const int MinimumPartSize = 5 * 1024 * 1024;

    public ValidateOptionsResult Validate(string? name, ObjectStorageOptions options)
    {
        var failures = new List<string>();
        if (!string.IsNullOrEmpty(options.Endpoint)
            && (!Uri.TryCreate(options.Endpoint, UriKind.Absolute, out var endpoint) || endpoint.Scheme is not ("http" or "https")))
        {
            failures.Add($"VETRAI_S3_ENDPOINT '{options.Endpoint}' is not an absolute http(s) URL.");
        }

        if (options.Bucket.Length is < 3 or > 63 || !options.Bucket.All(c => char.IsAsciiLetterLower(c) || char.IsAsciiDigit(c) || c is '-' or '.'))
        {
            failures.Add($"VETRAI_S3_BUCKET '{options.Bucket}' is not a valid bucket name (3-63 characters of a-z, 0-9, '-' and '.').");
        }

        if (string.IsNullOrWhiteSpace(options.Region))
        {
            failures.Add("VETRAI_S3_REGION must not be empty.");
        }

        if (options.PartSizeBytes < MinimumPartSize)
        {
            failures.Add($"ObjectStorage PartSizeBytes must be at least {MinimumPartSize} (S3's smallest multipart part).");
        }

        if (options.DownloadUrlLifetime <= TimeSpan.Zero || options.DownloadUrlLifetime > TimeSpan.FromDays(7))
        {
            failures.Add("ObjectStorage DownloadUrlLifetime must be between 0 and 7 days.");
        }

        return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
    }
}
