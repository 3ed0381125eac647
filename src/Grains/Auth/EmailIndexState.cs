namespace VetrAI.Grains.Auth;

/// <summary>The owner of one normalized email address, and since when.</summary>
internal sealed record EmailIndexState
{
    public string? UserId { get; init; }

    public DateTimeOffset ReservedAt { get; init; }
}
