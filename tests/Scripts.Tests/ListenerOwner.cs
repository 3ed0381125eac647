using System.Diagnostics;
using System.Globalization;
using System.Text.RegularExpressions;

namespace VetrAI.Scripts.Tests;

/// <summary>Which process listens on a port (through <c>ss -ltnp</c>): its command line and working folder.</summary>
internal static partial class ListenerOwner
{
    /// <summary>"command line (cwd folder)" of the process listening on 127.0.0.1:<paramref name="port"/>, or null
    /// when it cannot be told (no <c>ss</c>, no permission to see the process).</summary>
    public static async Task<string?> DescribeAsync(int port)
    {
        var start = new ProcessStartInfo("ss", ["-ltnpH", $"sport = :{port.ToString(CultureInfo.InvariantCulture)}"])
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        try
        {
            using var ss = Process.Start(start);
            if (ss is null)
            {
                return null;
            }

            var output = await ss.StandardOutput.ReadToEndAsync();
            await ss.WaitForExitAsync();
            if (PidPattern().Match(output) is not { Success: true } match)
            {
                return null;
            }

            var pid = match.Groups[1].Value;
            var commandLine = (await File.ReadAllTextAsync($"/proc/{pid}/cmdline")).Replace('\0', ' ').Trim();
            var folder = new DirectoryInfo($"/proc/{pid}/cwd").LinkTarget ?? "?";
            return $"{commandLine} (cwd {folder})";
        }
        catch (Exception exception) when (exception is System.ComponentModel.Win32Exception or IOException or UnauthorizedAccessException)
        {
            return null;
        }
    }

    [GeneratedRegex(@"pid=(\d+)")]
    private static partial Regex PidPattern();
}
