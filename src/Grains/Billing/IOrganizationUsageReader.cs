namespace VetrAI.Grains.Billing;

/// <summary>Counts an organization's VALID validations over a period: billing's one dependency on the API-key
/// feature (its usage table).</summary>
internal interface IOrganizationUsageReader
{
    /// <summary>VALID validations of all of <paramref name="organizationId"/>'s keys in [<paramref name="from"/>, <paramref name="to"/>).</summary>
    Task<long> CountValidAsync(string organizationId, DateTimeOffset from, DateTimeOffset to, CancellationToken cancellationToken);
}
