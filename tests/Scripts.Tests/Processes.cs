using System.Globalization;

namespace VetrAI.Scripts.Tests;

/// <summary>Processes the scripts started, seen through /proc.</summary>
internal static class Processes
{
    /// <summary>Whether process <paramref name="pid"/> runs. A zombie does not: a process whose parent was
    /// killed is reaped by whoever adopts it, which may take a moment (or never, under an init that does
    /// not reap).</summary>
    public static bool IsRunning(int pid)
    {
        string stat;
        try
        {
            stat = File.ReadAllText($"/proc/{pid}/stat");
        }
        catch (IOException)
        {
            return false;
        }

        // "pid (command) state ...": the command may itself hold ") ", so look after the last one.
        var close = stat.LastIndexOf(')');
        return close >= 0 && close + 2 < stat.Length && stat[close + 2] is not ('Z' or 'X');
    }

    /// <summary>The pid on the first line of <paramref name="path"/> (a pid file, or PostgreSQL's postmaster.pid).</summary>
    public static int ReadPidFile(string path) =>
        int.Parse(File.ReadLines(path).First().Trim(), CultureInfo.InvariantCulture);

    /// <summary>Waits until none of <paramref name="pids"/> runs; false when <paramref name="timeout"/> passed first.</summary>
    public static async Task<bool> WaitUntilAllGoneAsync(IEnumerable<int> pids, TimeSpan timeout)
    {
        var deadline = DateTime.UtcNow + timeout;
        while (pids.Any(IsRunning))
        {
            if (DateTime.UtcNow > deadline)
            {
                return false;
            }

            await Task.Delay(TimeSpan.FromMilliseconds(500));
        }

        return true;
    }
}
