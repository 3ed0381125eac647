namespace VetrAI.Grains.Telemetry;

/// <summary>The name of VetrAI's own <see cref="System.Diagnostics.Metrics.Meter"/>. Every feature creates it
/// through <see cref="System.Diagnostics.Metrics.IMeterFactory"/> (which hands out one instance per name and
/// host) and adds its instruments; the hosts export it (<c>TelemetryHosting</c>). README, "Observability",
/// lists every instrument.</summary>
public static class VetrAIMeter
{
    public const string Name = "VetrAI";
}
