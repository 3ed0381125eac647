namespace VetrAI.Runtime;

/// <summary>Settings of a silo. Defaults are the production values (Orleans' where they apply);
/// tests shorten the timings.</summary>
public sealed class SiloOptions
{
    /// <summary>Npgsql connection string of the database holding grain state, reminders and membership.</summary>
    public string ConnectionString { get; set; } = "";

    /// <summary>Silos of one cluster share a cluster id; several clusters may share a database.</summary>
    public string ClusterId { get; set; } = "vetrai";

    /// <summary>An activation idle this long is deactivated.</summary>
    public TimeSpan CollectionAge { get; set; } = TimeSpan.FromMinutes(15);

    /// <summary>How often idle activations are looked for.</summary>
    public TimeSpan CollectionQuantum { get; set; } = TimeSpan.FromMinutes(1);

    /// <summary>Longest an activation (state read + OnActivateAsync) may take.</summary>
    public TimeSpan ActivationTimeout { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>Longest a deactivation (OnDeactivateAsync) may take.</summary>
    public TimeSpan DeactivationTimeout { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>Every grain call fails with a <see cref="TimeoutException"/> after this long.</summary>
    public TimeSpan CallTimeout { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>How often the silo looks for due reminders.</summary>
    public TimeSpan ReminderPollInterval { get; set; } = TimeSpan.FromSeconds(1);

    /// <summary>A claimed reminder whose delivery did not finish in this time is claimed again.</summary>
    public TimeSpan ReminderLease { get; set; } = TimeSpan.FromSeconds(60);
}
