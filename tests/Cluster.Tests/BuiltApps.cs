namespace VetrAI.Cluster.Tests;

/// <summary>Where the processes the tests start were built: next to this test assembly's own
/// configuration (bin/&lt;Configuration&gt;/net10.0) in their project folders.</summary>
internal static class BuiltApps
{
    private static readonly DirectoryInfo OutputDirectory = new(AppContext.BaseDirectory.TrimEnd(Path.DirectorySeparatorChar));

    public static string RepositoryRoot { get; } = FindRoot();

    public static string Configuration { get; } = OutputDirectory.Parent!.Name;

    public static string Framework { get; } = OutputDirectory.Name;

    public static string TestSilo => Dll("tests/Cluster.TestSilo", "VetrAI.Cluster.TestSilo");

    public static string Silo => Dll("src/Silo", "VetrAI.Silo");

    public static string ApiFrontend => Dll("src/ApiFrontend", "VetrAI.ApiFrontend");

    private static string Dll(string project, string assembly)
    {
        var path = Path.Combine(RepositoryRoot, project, "bin", Configuration, Framework, assembly + ".dll");
        return File.Exists(path) ? path : throw new FileNotFoundException($"{path} is missing: build {project} ({Configuration}) first.", path);
    }

    private static string FindRoot()
    {
        for (var directory = OutputDirectory; directory is not null; directory = directory.Parent)
        {
            if (File.Exists(Path.Combine(directory.FullName, "VetrAI.sln")))
            {
                return directory.FullName;
            }
        }

        throw new InvalidOperationException($"No VetrAI.sln above {OutputDirectory.FullName}.");
    }
}
