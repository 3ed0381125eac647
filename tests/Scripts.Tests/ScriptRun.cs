using System.Diagnostics;
using System.Text;

namespace VetrAI.Scripts.Tests;

/// <summary>A script run as a child process, its output (stdout and stderr
/// interleaved) kept so that a failing assertion can show it.</summary>
internal sealed class ScriptRun : IAsyncDisposable
{
    private readonly Process _process;
    private readonly StringBuilder _output = new();
    private readonly Lock _outputLock = new();

    private ScriptRun(Process process)
    {
        _process = process;
    }

    public int Id => _process.Id;

    public bool HasExited => _process.HasExited;

    public int ExitCode => _process.ExitCode;

    /// <summary>Starts <paramref name="script"/> with <paramref name="arguments"/> in its own folder, with
    /// <paramref name="environment"/> on top of a copy of ours from which every
    /// VETRAI_ and MSBuild variable was removed (the test host's own must not leak in).</summary>
    public static ScriptRun Start(string script, IReadOnlyDictionary<string, string> environment, params string[] arguments)
    {
        var start = new ProcessStartInfo(script)
        {
            WorkingDirectory = Path.GetDirectoryName(script)!,
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        foreach (var argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }

        foreach (var name in start.Environment.Keys.ToList())
        {
            if (name.StartsWith("VETRAI_", StringComparison.OrdinalIgnoreCase) ||
                name.StartsWith("MSBUILD", StringComparison.OrdinalIgnoreCase))
            {
                start.Environment.Remove(name);
            }
        }

        foreach (var (name, value) in environment)
        {
            start.Environment[name] = value;
        }

        var process = new Process { StartInfo = start, EnableRaisingEvents = true };
        var run = new ScriptRun(process);
        process.OutputDataReceived += (_, e) => run.Append(e.Data);
        process.ErrorDataReceived += (_, e) => run.Append(e.Data);
        process.Start();
        process.StandardInput.Close(); // like CI: nothing on standard input
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        return run;
    }

    /// <summary>Everything the script printed so far.</summary>
    public string Output
    {
        get
        {
            lock (_outputLock)
            {
                return _output.ToString();
            }
        }
    }

    /// <summary>Waits until the script has printed <paramref name="text"/>; false when
    /// <paramref name="timeout"/> passed or the script exited first.</summary>
    public async Task<bool> WaitForOutputAsync(string text, TimeSpan timeout)
    {
        var deadline = DateTime.UtcNow + timeout;
        while (!Output.Contains(text, StringComparison.Ordinal))
        {
            if (_process.HasExited || DateTime.UtcNow > deadline)
            {
                return Output.Contains(text, StringComparison.Ordinal);
            }

            await Task.Delay(TimeSpan.FromMilliseconds(100));
        }

        return true;
    }

    /// <summary>Sends SIGTERM, as Kubernetes or a service manager would (Process.Kill is SIGKILL).</summary>
    public void Terminate()
    {
        var start = new ProcessStartInfo("kill") { RedirectStandardError = true };
        start.ArgumentList.Add("-TERM");
        start.ArgumentList.Add(Id.ToString(System.Globalization.CultureInfo.InvariantCulture));
        using var kill = Process.Start(start) ?? throw new InvalidOperationException("Could not start kill.");
        kill.WaitForExit();
    }

    /// <summary>Sends SIGKILL to the script alone, not to what it started (as the OOM killer or
    /// <c>kill -9</c> would): it gets no chance to clean up.</summary>
    public void KillScriptOnly() => _process.Kill(entireProcessTree: false);

    /// <summary>Waits for the script to exit; false when <paramref name="timeout"/> passed first.</summary>
    public async Task<bool> WaitForExitAsync(TimeSpan timeout)
    {
        using var cancel = new CancellationTokenSource(timeout);
        try
        {
            await _process.WaitForExitAsync(cancel.Token);
            return true;
        }
        catch (OperationCanceledException)
        {
            return false;
        }
    }

    /// <summary>A script still running at the end of a test gets SIGTERM and a
    /// minute to stop what it started, and is killed after that.</summary>
    public async ValueTask DisposeAsync()
    {
        if (!_process.HasExited)
        {
            Terminate();
            if (!await WaitForExitAsync(TimeSpan.FromMinutes(1)))
            {
                _process.Kill(entireProcessTree: true);
                await WaitForExitAsync(TimeSpan.FromSeconds(10));
            }
        }

        _process.Dispose();
    }

    private void Append(string? line)
    {
        if (line is null)
        {
            return;
        }

        lock (_outputLock)
        {
            _output.AppendLine(line);
        }
    }
}
