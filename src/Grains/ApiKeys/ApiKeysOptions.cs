namespace VetrAI.Grains.ApiKeys;

/// <summary>Settings of the API-key grains.</summary>
public sealed class ApiKeysOptions
{
    /// <summary>How often a key grain writes the usage it counted in memory (and reports it to its
    /// organization's quota). It is also the most usage a crash can lose, and the bound on how far an
    /// organization's monthly quota can be overshot (one interval of traffic per active key).</summary>
    public TimeSpan UsageFlushInterval { get; set; } = TimeSpan.FromSeconds(5);

    /// <summary>How often the quota grain reads its organization's limits again, so a plan change reaches the
    /// keys within this plus <see cref="UsageFlushInterval"/>.</summary>
    public TimeSpan LimitsRefreshInterval { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>The per-minute limit of keys without their own while their organization's limits are unknown.</summary>
    public int FallbackRateLimitPerMinute { get; set; } = 60;
}
