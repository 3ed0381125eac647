namespace VetrAI.Runtime;

/// <summary>Settings of a cluster member (a silo that shares grains with other silos) or of a
/// cluster client (a front end without a silo). Timings default to production values; tests
/// shorten them.</summary>
public sealed class ClusterOptions
{
    /// <summary>Npgsql connection string of the database holding the membership table. Empty: a
    /// silo uses <see cref="SiloOptions.ConnectionString"/>, and a silo must: its grain-state
    /// writes are fenced by its membership row, in the same statement.</summary>
    public string ConnectionString { get; set; } = "";

    /// <summary>Members of one cluster share this id. Empty: a silo uses <see cref="SiloOptions.ClusterId"/>,
    /// a client "vetrai".</summary>
    public string ClusterId { get; set; } = "";

    /// <summary>The shared secret every call between cluster members carries. Required.</summary>
    public string Secret { get; set; } = "";

    /// <summary>The TCP port of this silo's cluster endpoint (HTTP/2 cleartext).</summary>
    public int Port { get; set; } = 11111;

    /// <summary>The address other members reach this silo on (written to the membership table).
    /// A loopback address also makes the endpoint listen on loopback only.</summary>
    public string AdvertisedAddress { get; set; } = "127.0.0.1";

    /// <summary>How often a silo writes its heartbeat (and activation count) to the table.</summary>
    public TimeSpan IAmAliveInterval { get; set; } = TimeSpan.FromSeconds(5);

    /// <summary>How often a member reads the table to refresh its view.</summary>
    public TimeSpan ProbeInterval { get; set; } = TimeSpan.FromSeconds(5);

    /// <summary>A silo whose last heartbeat is older than this, by the database clock, is declared dead.</summary>
    public TimeSpan FailureTimeout { get; set; } = TimeSpan.FromSeconds(20);

    /// <summary>Rows of dead silos older than this are deleted.</summary>
    public TimeSpan DefunctSiloExpiration { get; set; } = TimeSpan.FromHours(1);

    /// <summary>Every grain call fails with a <see cref="TimeoutException"/> after this long. Zero: a
    /// silo uses <see cref="SiloOptions.CallTimeout"/>, a client 30 s.</summary>
    public TimeSpan CallTimeout { get; set; } = TimeSpan.Zero;

    /// <summary>Longest a connection attempt to another silo may take before the call looks for
    /// the grain's owner again.</summary>
    public TimeSpan ConnectTimeout { get; set; } = TimeSpan.FromSeconds(2);
}
