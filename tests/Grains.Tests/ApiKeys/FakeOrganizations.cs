using System.Collections.Concurrent;
using VetrAI.Grains.ApiKeys;

namespace VetrAI.Grains.Tests.ApiKeys;

/// <summary>Organization limits the tests set directly, standing in for the organization grain.</summary>
internal sealed class FakeOrganizations : IOrganizationLimitsReader
{
    private readonly ConcurrentDictionary<string, OrganizationKeyLimits> _limits = new();

    public static OrganizationKeyLimits Generous { get; } = new(RateLimitPerMinute: 600, MonthlyRequests: null, MaxKeys: 50);

    public string Add(OrganizationKeyLimits? limits = null)
    {
        var id = Guid.NewGuid().ToString("N");
        _limits[id] = limits ?? Generous;
        return id;
    }

    public Task<OrganizationKeyLimits?> GetAsync(string organizationId, CancellationToken cancellationToken)
        => Task.FromResult(_limits.TryGetValue(organizationId, out var limits) ? limits : null);
}
