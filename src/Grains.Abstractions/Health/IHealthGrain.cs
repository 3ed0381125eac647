namespace VetrAI.Grains.Abstractions.Health;

/// <summary>Readiness as a grain call: answered by any silo (a stateless worker), so a front end that can reach it
/// knows a silo is up and whether that silo reaches PostgreSQL.</summary>
[Alias("health")]
public interface IHealthGrain : IGrainWithIntegerKey
{
    /// <summary>Whether PostgreSQL answers a trivial query within a few seconds.</summary>
    Task<bool> IsDatabaseReachableAsync();
}
