using VetrAI.TestSupport;

namespace VetrAI.Cluster.Tests;

/// <summary>Free 127.0.0.1 ports for the processes the tests start, never the same one twice in this test run: a
/// port just handed to a process that has not bound it yet looks free to the next <see cref="FreePorts.Take"/>.</summary>
internal static class TestPorts
{
    private static readonly HashSet<int> HandedOut = [];

    public static int[] Take(int count)
    {
        lock (HandedOut)
        {
            var ports = new List<int>(count);
            while (ports.Count < count)
            {
                ports.AddRange(FreePorts.Take(count - ports.Count).Where(HandedOut.Add));
            }

            return [.. ports];
        }
    }
}
