using System.Text.Json.Serialization;
using VetrAI.Grains.ReadModels;
using VetrAI.Grains.Abstractions.Organizations;

namespace VetrAI.Grains.Organizations;

/// <summary>The stored state of an organization grain. Index columns: tenant = the organization itself,
/// status = active | deleted, so that the super admin's list is indexed SQL.</summary>
internal sealed record OrganizationState : IIndexedState
{
    public string Id { get; init; } = "";

    public string Name { get; init; } = "";

    public string Slug { get; init; } = "";

    public string Plan { get; init; } = OrganizationPlans.Free;

    public OrganizationLimitOverrides LimitOverrides { get; init; } = OrganizationLimitOverrides.None;

    public IReadOnlyList<string> MemberIds { get; init; } = [];

    public bool Deleted { get; init; }

    public DateTimeOffset CreatedAt { get; init; }

    public DateTimeOffset UpdatedAt { get; init; }

    public DateTimeOffset? DeletedAt { get; init; }

    /// <summary>The theme its pages and emails wear; null for the platform's default.</summary>
    public string? ActiveThemeId { get; init; }

    [JsonPropertyName("index")]
    public StateIndex Index => new(Id, Id, Deleted ? "deleted" : "active", CreatedAt);

    public OrganizationLimits Limits => LimitOverrides.ApplyTo(OrganizationPlans.DefaultLimits(Plan));

    public OrganizationInfo ToInfo() => new(Id, Name, Slug, Plan, Limits, CreatedAt, Deleted);
}
