namespace VetrAI.Grains.ApiKeys;

/// <summary>The limits of an organization that keys obey.</summary>
/// <param name="RateLimitPerMinute">Validations per minute for each key without its own rate limit.</param>
/// <param name="MonthlyRequests">VALID validations per UTC month across all keys, or null for unlimited.</param>
/// <param name="MaxKeys">Live (not revoked, not expired) keys at once.</param>
internal sealed record OrganizationKeyLimits(int RateLimitPerMinute, long? MonthlyRequests, int MaxKeys);

/// <summary>Reads an organization's limits. It is the API-key feature's one dependency on the
/// organizations feature.</summary>
internal interface IOrganizationLimitsReader
{
    /// <summary>The organization's limits, or null when it does not exist.</summary>
    Task<OrganizationKeyLimits?> GetAsync(string organizationId, CancellationToken cancellationToken);
}
