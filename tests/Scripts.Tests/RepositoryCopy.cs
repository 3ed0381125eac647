using System.Diagnostics;

namespace VetrAI.Scripts.Tests;

/// <summary>The repository's tracked files copied into a fresh temporary folder:
/// what a new user gets from <c>git clone</c>, without build output, .data or .tools.</summary>
internal sealed class RepositoryCopy : IDisposable
{
    // The postgres user must be able to enter it: run.sh keeps its cluster inside.
    private const UnixFileMode OpenDirectory =
        UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute |
        UnixFileMode.GroupRead | UnixFileMode.GroupExecute |
        UnixFileMode.OtherRead | UnixFileMode.OtherExecute;

    private RepositoryCopy(string root)
    {
        Root = root;
        Repository = Path.Combine(root, "repo");
        DataDirectory = Path.Combine(root, "data");
    }

    /// <summary>The temporary folder holding everything below.</summary>
    public string Root { get; }

    /// <summary>The copy of the repository.</summary>
    public string Repository { get; }

    /// <summary>A data folder for run.sh, outside the copy.</summary>
    public string DataDirectory { get; }

    public static RepositoryCopy Create()
    {
        var source = FindRepositoryTop();
        var copy = new RepositoryCopy(Path.Combine(Path.GetTempPath(), $"vetrai-runsh-{Guid.NewGuid():N}"));
        Directory.CreateDirectory(copy.Root, OpenDirectory);
        Directory.CreateDirectory(copy.Repository, OpenDirectory);
        Directory.CreateDirectory(copy.DataDirectory, OpenDirectory);
        foreach (var relative in TrackedFiles(source))
        {
            var from = Path.Combine(source, relative);
            if (!File.Exists(from))
            {
                continue; // deleted in the work tree, not yet committed
            }

            var to = Path.Combine(copy.Repository, relative);
            Directory.CreateDirectory(Path.GetDirectoryName(to)!);
            File.Copy(from, to);
            // Keep the executable bit: the test runs ./run.sh as a user would.
            File.SetUnixFileMode(to, File.GetUnixFileMode(from));
        }

        return copy;
    }

    public void Dispose()
    {
        try
        {
            Directory.Delete(Root, recursive: true);
        }
        catch (IOException)
        {
            // Best effort: a leftover folder in /tmp must not fail the test.
        }
        catch (UnauthorizedAccessException)
        {
        }
    }

    /// <summary>The folder holding VetrAI.sln, found by walking up from the test assembly.</summary>
    private static string FindRepositoryTop()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "VetrAI.sln")))
            {
                return dir.FullName;
            }
        }

        throw new InvalidOperationException($"No folder above {AppContext.BaseDirectory} holds VetrAI.sln.");
    }

    private static List<string> TrackedFiles(string top)
    {
        var start = new ProcessStartInfo("git")
        {
            WorkingDirectory = top,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        foreach (var argument in new[] { "ls-files", "-z" })
        {
            start.ArgumentList.Add(argument);
        }

        using var git = Process.Start(start) ?? throw new InvalidOperationException("Could not start git.");
        var stderr = git.StandardError.ReadToEndAsync();
        var listing = git.StandardOutput.ReadToEnd();
        git.WaitForExit();
        if (git.ExitCode != 0)
        {
            throw new InvalidOperationException($"git ls-files failed in {top}: {stderr.Result}");
        }

        return [.. listing.Split('\0', StringSplitOptions.RemoveEmptyEntries)];
    }
}
