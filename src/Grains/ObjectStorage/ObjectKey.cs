namespace VetrAI.Grains.ObjectStorage;

/// <summary>Where an object lives: every object belongs to one organization and is stored under that
/// organization's prefix (<c>orgs/{organization}/...</c>), so no key built from user input can reach
/// another tenant's files.</summary>
public readonly record struct ObjectKey
{
    private ObjectKey(string organizationId, string path)
    {
        OrganizationId = organizationId;
        Path = path;
    }

    /// <summary>The owning organization.</summary>
    public string OrganizationId { get; }

    /// <summary>The object's path below the organization's prefix.</summary>
    public string Path { get; }

    /// <summary>The full key in the bucket.</summary>
    public string FullKey => $"{Prefix(OrganizationId)}{Path}";

    /// <summary>The bucket prefix of every object of an organization.</summary>
    public static string Prefix(string organizationId)
    {
        ValidateOrganization(organizationId);
        return $"orgs/{organizationId}/";
    }

    /// <summary>Builds a key from its segments, which must be non-empty, without slashes or dot segments.</summary>
    public static ObjectKey Create(string organizationId, params ReadOnlySpan<string> segments)
    {
        ValidateOrganization(organizationId);
        if (segments.Length == 0)
        {
            throw new ArgumentException("An object key needs at least one path segment.", nameof(segments));
        }

        foreach (var segment in segments)
        {
            if (string.IsNullOrEmpty(segment) || segment is "." or ".." || segment.Contains('/', StringComparison.Ordinal))
            {
                throw new ArgumentException($"'{segment}' is not a valid object key segment.", nameof(segments));
            }
        }

        return new ObjectKey(organizationId, string.Join('/', segments.ToArray()));
    }

    /// <inheritdoc/>
    public override string ToString() => FullKey;

    private static void ValidateOrganization(string organizationId)
    {
        if (string.IsNullOrEmpty(organizationId) || organizationId.Contains('/', StringComparison.Ordinal) || organizationId is "." or "..")
        {
            throw new ArgumentException($"'{organizationId}' is not a valid organization id for an object key.", nameof(organizationId));
        }
    }
}
