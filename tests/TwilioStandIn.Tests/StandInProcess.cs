using System.Diagnostics;
using System.Globalization;
using VetrAI.TestSupport;

namespace VetrAI.TwilioStandIn.Tests;

/// <summary>The Twilio stand-in the tests talk to: the one ./test.sh started (VETRAI_TEST_TWILIO_URL), or else a
/// process of the built stand-in on a free port, killed when the tests end. Shared: every test has its own account.</summary>
public sealed class StandInProcess : IAsyncLifetime
{
    private Process? _process;

    public Uri Url { get; private set; } = null!;

    public async Task InitializeAsync()
    {
        if (Environment.GetEnvironmentVariable("VETRAI_TEST_TWILIO_URL") is { Length: > 0 })
        {
            Url = TwilioStandInAccount.StandInUrlFromEnvironment();
            return;
        }

        var port = FreePorts.Take(1)[0].ToString(CultureInfo.InvariantCulture);
        Url = new Uri($"http://127.0.0.1:{port}");
        var start = new ProcessStartInfo("dotnet") { UseShellExecute = false, RedirectStandardOutput = true, RedirectStandardError = true };
        start.ArgumentList.Add(BuiltDll());
        start.Environment["TWILIO_STANDIN_URL"] = Url.ToString();
        _process = Process.Start(start) ?? throw new InvalidOperationException("dotnet did not start the Twilio stand-in.");
        // Drained so that the stand-in never blocks on a full pipe.
        _process.OutputDataReceived += (_, _) => { };
        _process.ErrorDataReceived += (_, _) => { };
        _process.BeginOutputReadLine();
        _process.BeginErrorReadLine();

        using var http = new HttpClient { BaseAddress = Url, Timeout = TimeSpan.FromSeconds(5) };
        await Wait.ForAsync(async () =>
        {
            if (_process.HasExited)
            {
                throw new InvalidOperationException($"The Twilio stand-in exited with code {_process.ExitCode} during start.");
            }

            try
            {
                using var response = await http.GetAsync(new Uri("/_standin/health", UriKind.Relative));
                return response.IsSuccessStatusCode;
            }
            catch (HttpRequestException)
            {
                return false;
            }
        }, $"the Twilio stand-in to answer GET {Url}_standin/health", TimeSpan.FromSeconds(60));
    }

    public async Task DisposeAsync()
    {
        if (_process is { HasExited: false })
        {
            _process.Kill(entireProcessTree: true);
            await _process.WaitForExitAsync();
        }

        _process?.Dispose();
    }

    /// <summary>standins/Twilio/bin/&lt;Configuration&gt;/&lt;framework&gt;/, matching this test assembly's own.</summary>
    private static string BuiltDll()
    {
        var output = new DirectoryInfo(AppContext.BaseDirectory.TrimEnd(Path.DirectorySeparatorChar));
        for (var directory = output; directory is not null; directory = directory.Parent)
        {
            if (File.Exists(Path.Combine(directory.FullName, "VetrAI.sln")))
            {
                var dll = Path.Combine(directory.FullName, "standins", "Twilio", "bin", output.Parent!.Name, output.Name, "VetrAI.TwilioStandIn.dll");
                return File.Exists(dll) ? dll : throw new FileNotFoundException($"{dll} is missing: build standins/Twilio first.", dll);
            }
        }

        throw new InvalidOperationException($"No VetrAI.sln above {output.FullName}.");
    }
}

[CollectionDefinition(Name)]
public sealed class StandInCollection : ICollectionFixture<StandInProcess>
{
    public const string Name = "Twilio stand-in";
}
