using VetrAI.Grains.Abstractions.Audit;

namespace VetrAI.Grains.Abstractions.Organizations;

/// <summary>The limits an organization works under: its plan's defaults with its own overrides applied.</summary>
/// <param name="RateLimitPerMinute">Validations per minute allowed per API key that has no rate limit of its own.</param>
/// <param name="MonthlyRequests">Validations per calendar month (UTC) allowed for all of the organization's keys together.</param>
/// <param name="MaxKeys">Most API keys the organization may hold (revoked keys do not count).</param>
/// <param name="MaxUsers">Most users (active, deactivated or invited) the organization may have.</param>
[GenerateSerializer, Immutable, Alias("vetrai.OrganizationLimits")]
public sealed record OrganizationLimits(int RateLimitPerMinute, long MonthlyRequests, int MaxKeys, int MaxUsers);

/// <summary>Per-organization overrides of the plan's limits; a null field keeps the plan's value.</summary>
[GenerateSerializer, Immutable, Alias("vetrai.OrganizationLimitOverrides")]
public sealed record OrganizationLimitOverrides(int? RateLimitPerMinute, long? MonthlyRequests, int? MaxKeys, int? MaxUsers)
{
    /// <summary>No overrides.</summary>
    public static OrganizationLimitOverrides None { get; } = new(null, null, null, null);

    /// <summary>The plan's <paramref name="defaults"/> with these overrides applied.</summary>
    public OrganizationLimits ApplyTo(OrganizationLimits defaults)
    {
        ArgumentNullException.ThrowIfNull(defaults);
        return new OrganizationLimits(
            RateLimitPerMinute ?? defaults.RateLimitPerMinute,
            MonthlyRequests ?? defaults.MonthlyRequests,
            MaxKeys ?? defaults.MaxKeys,
            MaxUsers ?? defaults.MaxUsers);
    }

    /// <summary>These overrides with the non-null fields of <paramref name="changes"/> taking precedence.</summary>
    public OrganizationLimitOverrides Merge(OrganizationLimitOverrides changes)
    {
        ArgumentNullException.ThrowIfNull(changes);
        return new OrganizationLimitOverrides(
            changes.RateLimitPerMinute ?? RateLimitPerMinute,
            changes.MonthlyRequests ?? MonthlyRequests,
            changes.MaxKeys ?? MaxKeys,
            changes.MaxUsers ?? MaxUsers);
    }
}

/// <summary>An organization as grains and the front end see it.</summary>
/// <param name="Id">The organization's id (the grain key).</param>
/// <param name="Name">Display name.</param>
/// <param name="Slug">Unique URL-safe name, <c>[a-z0-9-]{3,63}</c>.</param>
/// <param name="Plan">One of <see cref="OrganizationPlans"/>.</param>
/// <param name="Limits">The effective limits (plan defaults with the organization's overrides).</param>
/// <param name="CreatedAt">When it was created (UTC).</param>
/// <param name="Deleted">Whether it was deleted; a deleted organization answers 404 to everyone at the edge.</param>
[GenerateSerializer, Immutable, Alias("vetrai.OrganizationInfo")]
public sealed record OrganizationInfo(
    string Id,
    string Name,
    string Slug,
    string Plan,
    OrganizationLimits Limits,
    DateTimeOffset CreatedAt,
    bool Deleted);

/// <summary>Creates an organization; the grain reserves the slug in its <see cref="ISlugIndexGrain"/>.</summary>
/// <param name="Name">Display name, 1 to 200 characters.</param>
/// <param name="Slug">The slug, <c>[a-z0-9-]{3,63}</c>.</param>
/// <param name="Plan">One of <see cref="OrganizationPlans"/>.</param>
/// <param name="Actor">Who creates it.</param>
[GenerateSerializer, Immutable, Alias("vetrai.CreateOrganizationCommand")]
public sealed record CreateOrganizationCommand(string Name, string Slug, string Plan, ActorContext Actor);

/// <summary>Changes an organization; null fields stay as they are. The grain reserves a new slug and
/// releases the old one.</summary>
/// <param name="Name">New display name.</param>
/// <param name="Slug">New slug.</param>
/// <param name="Plan">New plan (only a super admin or billing may change it).</param>
/// <param name="LimitOverrides">Overrides merged into the current ones (only a super admin may change them).</param>
/// <param name="Actor">Who changes it.</param>
[GenerateSerializer, Immutable, Alias("vetrai.UpdateOrganizationCommand")]
public sealed record UpdateOrganizationCommand(
    string? Name,
    string? Slug,
    string? Plan,
    OrganizationLimitOverrides? LimitOverrides,
    ActorContext Actor);

/// <summary>What <see cref="IOrganizationGrain.DeleteAsync"/> did.</summary>
/// <param name="Slug">The slug the organization held (now released).</param>
/// <param name="MemberIds">The users who belonged to it (now deactivated).</param>
[GenerateSerializer, Immutable, Alias("vetrai.OrganizationDeleted")]
public sealed record OrganizationDeleted(string Slug, IReadOnlyList<string> MemberIds);
