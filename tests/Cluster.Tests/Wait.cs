using System.Diagnostics;

namespace VetrAI.Cluster.Tests;

/// <summary>Polls a condition until it holds, within a deadline; a wait that times out says what it waited for and
/// what the cluster looked like. Returns how long the condition took to hold.</summary>
internal static class Wait
{
    private static readonly TimeSpan Interval = TimeSpan.FromMilliseconds(50);

    public static async Task<TimeSpan> UntilAsync(Func<Task<bool>> condition, TimeSpan timeout, string what, Func<Task<string>>? diagnostics = null)
    {
        var clock = Stopwatch.StartNew();
        while (!await condition())
        {
            if (clock.Elapsed > timeout)
            {
                var details = diagnostics is null ? "" : Environment.NewLine + await diagnostics();
                throw new TimeoutException($"Waited {timeout.TotalSeconds:0.#} s for {what}.{details}");
            }

            await Task.Delay(Interval);
        }

        return clock.Elapsed;
    }

    public static Task<TimeSpan> UntilAsync(Func<bool> condition, TimeSpan timeout, string what, Func<Task<string>>? diagnostics = null) =>
        UntilAsync(() => Task.FromResult(condition()), timeout, what, diagnostics);
}
