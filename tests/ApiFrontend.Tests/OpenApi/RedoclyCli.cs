using System.Diagnostics;
using System.Text.Json;

namespace VetrAI.ApiFrontend.Tests.OpenApi;

/// <summary>Runs the Redocly CLI that the test script installs into <c>.tools/</c> at the repository top
/// (scripts/lib/node-tools.sh pins its version), with the repository's <c>redocly.yaml</c>.</summary>
internal static class RedoclyCli
{
    private static readonly TimeSpan _timeout = TimeSpan.FromMinutes(2);

    /// <summary>The lint result of <paramref name="documentPath"/>: totals and every problem, as Redocly reports them.</summary>
    public static async Task<LintReport> LintAsync(string documentPath)
    {
        var root = RepositoryRoot();
        var executable = Path.Combine(root, ".tools", "node_modules", ".bin", "redocly");
        if (!File.Exists(executable))
        {
            throw new InvalidOperationException($"{executable} is missing: run the tests with ./test.sh, which installs the npm tools.");
        }

        var info = new ProcessStartInfo(executable)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            WorkingDirectory = root,
        };
        foreach (var argument in new[] { "lint", documentPath, "--config", Path.Combine(root, "redocly.yaml"), "--format", "json" })
        {
            info.ArgumentList.Add(argument);
        }

        // No network from a test: no usage reports, no update check.
        info.Environment["REDOCLY_TELEMETRY"] = "off";
        info.Environment["REDOCLY_SUPPRESS_UPDATE_NOTICE"] = "true";

        using var process = Process.Start(info) ?? throw new InvalidOperationException($"could not start {executable}");
        var output = process.StandardOutput.ReadToEndAsync();
        var errors = process.StandardError.ReadToEndAsync();
        using (var timeout = new CancellationTokenSource(_timeout))
        {
            try
            {
                await process.WaitForExitAsync(timeout.Token);
            }
            catch (OperationCanceledException)
            {
                process.Kill(entireProcessTree: true);
                throw new TimeoutException($"redocly lint did not finish within {_timeout}: {await errors}");
            }
        }

        var json = await output;
        var start = json.IndexOf('{', StringComparison.Ordinal);
        if (start < 0)
        {
            throw new InvalidOperationException($"redocly lint printed no JSON report (exit code {process.ExitCode}): {json} {await errors}");
        }

        using var report = JsonDocument.Parse(json[start..]);
        var totals = report.RootElement.GetProperty("totals");
        var problems = report.RootElement.GetProperty("problems").EnumerateArray().Select(Describe).ToList();
        return new LintReport(totals.GetProperty("errors").GetInt32(), totals.GetProperty("warnings").GetInt32(), problems);
    }

    /// <summary>The directory holding VetrAI.sln, above the test assembly.</summary>
    public static string RepositoryRoot()
    {
        for (var directory = new DirectoryInfo(AppContext.BaseDirectory); directory is not null; directory = directory.Parent)
        {
            if (File.Exists(Path.Combine(directory.FullName, "VetrAI.sln")))
            {
                return directory.FullName;
            }
        }

        throw new InvalidOperationException($"no VetrAI.sln above {AppContext.BaseDirectory}");
    }

    private static string Describe(JsonElement problem)
    {
        var pointer = problem.TryGetProperty("location", out var locations) && locations.GetArrayLength() > 0
            && locations[0].TryGetProperty("pointer", out var p) ? p.GetString() : "";
        return $"{problem.GetProperty("severity").GetString()} {problem.GetProperty("ruleId").GetString()} at {pointer}: {problem.GetProperty("message").GetString()}";
    }
}

/// <summary>What <c>redocly lint</c> found.</summary>
internal sealed record LintReport(int Errors, int Warnings, IReadOnlyList<string> Problems);
