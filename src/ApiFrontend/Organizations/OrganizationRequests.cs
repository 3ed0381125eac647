using VetrAI.ApiFrontend.Validation;
using VetrAI.Grains.Abstractions.Organizations;

namespace VetrAI.ApiFrontend.Organizations;

/// <summary>The limits on the wire (also the shape of overrides in <c>PUT</c>, where every field is optional).</summary>
public sealed record LimitsBody(int? RateLimitPerMinute, long? MonthlyRequests, int? MaxKeys, int? MaxUsers);

/// <summary><c>POST /organizations</c>.</summary>
public sealed record CreateOrganizationRequest(string? Name, string? Slug, string? Plan)
{
    public const int MaxNameLength = 200;

    /// <summary>The checked input, or a 400 listing every problem.</summary>
    public (string Name, string? Slug, string Plan) Validate()
    {
        var v = new RequestValidator();
        var name = v.Required(Name, "name");
        v.Check(name.Trim().Length <= MaxNameLength, $"name must be at most {MaxNameLength} characters.");
        if (Slug is not null)
        {
            v.Check(Slugs.IsValid(Slug), "slug must be 3 to 63 characters of lowercase letters, digits and '-'.");
        }

        if (Plan is not null)
        {
            v.Check(OrganizationPlans.IsKnown(Plan), $"plan must be one of: {string.Join(", ", OrganizationPlans.All)}.");
        }

        v.ThrowIfInvalid();
        return (name.Trim(), Slug, Plan ?? OrganizationPlans.Free);
    }
}

/// <summary><c>PUT /organizations/{id}</c>: only the fields given change.</summary>
public sealed record UpdateOrganizationRequest(string? Name, string? Slug, string? Plan, LimitsBody? Limits)
{
    /// <summary>The checked input, or a 400 listing every problem.</summary>
    public UpdateOrganizationRequest Validate()
    {
        var v = new RequestValidator();
        v.Check(Name is not null || Slug is not null || Plan is not null || Limits is not null,
            "Nothing to update: give at least one of name, slug, plan, limits.");
        if (Name is not null)
        {
            v.Check(Name.Trim().Length is > 0 and <= CreateOrganizationRequest.MaxNameLength,
                $"name must be 1 to {CreateOrganizationRequest.MaxNameLength} characters.");
        }

        if (Slug is not null)
        {
            v.Check(Slugs.IsValid(Slug), "slug must be 3 to 63 characters of lowercase letters, digits and '-'.");
        }

        if (Plan is not null)
        {
            v.Check(OrganizationPlans.IsKnown(Plan), $"plan must be one of: {string.Join(", ", OrganizationPlans.All)}.");
        }

        if (Limits is not null)
        {
            v.Check(Limits.RateLimitPerMinute is null or >= 1, "limits.rate_limit_per_minute must be at least 1.");
            v.Check(Limits.MonthlyRequests is null or >= 0, "limits.monthly_requests must not be negative.");
            v.Check(Limits.MaxKeys is null or >= 0, "limits.max_keys must not be negative.");
            v.Check(Limits.MaxUsers is null or >= 1, "limits.max_users must be at least 1.");
        }

        v.ThrowIfInvalid();
        return this with { Name = Name?.Trim() };
    }
}

/// <summary>An organization on the wire.</summary>
public sealed record OrganizationResponse(string Id, string Name, string Slug, string Plan, LimitsBody Limits, DateTimeOffset CreatedAt)
{
    /// <summary>Maps a grain's <see cref="OrganizationInfo"/>.</summary>
    public static OrganizationResponse From(OrganizationInfo organization)
    {
        ArgumentNullException.ThrowIfNull(organization);
        var limits = organization.Limits;
        return new OrganizationResponse(
            organization.Id,
            organization.Name,
            organization.Slug,
            organization.Plan,
            new LimitsBody(limits.RateLimitPerMinute, limits.MonthlyRequests, limits.MaxKeys, limits.MaxUsers),
            organization.CreatedAt);
    }
}
