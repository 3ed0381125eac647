using System.Diagnostics.Metrics;

namespace VetrAI.TestSupport;

/// <summary>One row of a metrics table in README.md ("Observability").</summary>
/// <param name="Name">The instrument's name.</param>
/// <param name="Type">counter, histogram, observable gauge, observable up-down counter, ...</param>
/// <param name="Unit">The UCUM unit, or empty.</param>
/// <param name="Where">The VetrAI table's "emitted by" (silo, front end); the library table's meter.</param>
public sealed record ReadmeMetric(string Name, string Type, string Unit, string Where);

/// <summary>The README's metrics tables, which the tests hold against what the code emits, so the two cannot
/// drift apart. A table follows its marker comment (<c>&lt;!-- metrics:vetrai</c>, <c>&lt;!-- metrics:libraries</c>).</summary>
public static class ReadmeMetrics
{
    public static IReadOnlyList<ReadmeMetric> VetrAI => Table("vetrai");

    public static IReadOnlyList<ReadmeMetric> Libraries => Table("libraries");

    /// <summary>The README's type word for <paramref name="instrument"/>.</summary>
    public static string TypeOf(Instrument instrument)
    {
        ArgumentNullException.ThrowIfNull(instrument);
        var generic = instrument.GetType().GetGenericTypeDefinition();
        return generic == typeof(Counter<>) ? "counter"
            : generic == typeof(Histogram<>) ? "histogram"
            : generic == typeof(UpDownCounter<>) ? "up-down counter"
            : generic == typeof(Gauge<>) ? "gauge"
            : generic == typeof(ObservableCounter<>) ? "observable counter"
            : generic == typeof(ObservableUpDownCounter<>) ? "observable up-down counter"
            : generic == typeof(ObservableGauge<>) ? "observable gauge"
            : instrument.GetType().Name;
    }

    private static List<ReadmeMetric> Table(string name)
    {
        var lines = File.ReadAllLines(ReadmePath());
        var start = Array.FindIndex(lines, l => l.StartsWith($"<!-- metrics:{name} ", StringComparison.Ordinal));
        if (start < 0)
        {
            throw new InvalidOperationException($"README.md has no '<!-- metrics:{name}' table.");
        }

        var rows = new List<ReadmeMetric>();
        // The marker, the header and the separator line come first.
        foreach (var line in lines.Skip(start + 3).TakeWhile(l => l.StartsWith('|')))
        {
            var cells = line.Trim('|').Split('|').Select(c => c.Trim().Trim('`')).ToArray();
            rows.Add(new ReadmeMetric(cells[0], cells[1], cells[2], cells[3]));
        }

        return rows.Count > 0 ? rows : throw new InvalidOperationException($"README.md's '{name}' metrics table is empty.");
    }

    private static string ReadmePath()
    {
        for (var directory = new DirectoryInfo(AppContext.BaseDirectory); directory is not null; directory = directory.Parent)
        {
            var candidate = Path.Combine(directory.FullName, "README.md");
            if (File.Exists(candidate) && File.Exists(Path.Combine(directory.FullName, "VetrAI.sln")))
            {
                return candidate;
            }
        }

        throw new FileNotFoundException("README.md of the repository (beside VetrAI.sln) was not found above " + AppContext.BaseDirectory);
    }
}
