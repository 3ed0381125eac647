namespace VetrAI.Grains.Organizations;

/// <summary>The owner of one slug, and since when.</summary>
internal sealed record SlugIndexState
{
    public string? OrganizationId { get; init; }

    public DateTimeOffset ReservedAt { get; init; }
}
