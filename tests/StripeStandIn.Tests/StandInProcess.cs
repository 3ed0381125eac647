using System.Diagnostics;
using System.Globalization;
using VetrAI.TestSupport;

namespace VetrAI.StripeStandIn.Tests;

/// <summary>The stand-in the tests talk to: the one ./test.sh started (VETRAI_TEST_STRIPE_URL), or else a real
/// process of the built stand-in on a free port, stopped when the tests end. One for all test classes: every test
/// works in an account of its own.</summary>
public sealed class StandInProcess : IAsyncLifetime
{
    private Process? _process;

    public Uri Url { get; private set; } = null!;

    public async Task InitializeAsync()
    {
        if (Environment.GetEnvironmentVariable("VETRAI_TEST_STRIPE_URL") is { Length: > 0 })
        {
            Url = StripeStandInAccount.StandInUrlFromEnvironment();
            return;
        }

        (_process, Url) = await StartAsync(new Dictionary<string, string>());
    }

    /// <summary>Starts a stand-in process of its own with the given STRIPE_STANDIN_* settings (a test that needs
    /// other settings than the shared one); the caller kills it.</summary>
    public static async Task<(Process Process, Uri Url)> StartAsync(IReadOnlyDictionary<string, string> settings)
    {
        var port = FreePorts.Take(1)[0];
        var url = new Uri($"http://127.0.0.1:{port.ToString(CultureInfo.InvariantCulture)}");
        var start = new ProcessStartInfo("dotnet") { UseShellExecute = false, RedirectStandardOutput = true, RedirectStandardError = true };
        start.ArgumentList.Add(BuiltDll());
        start.Environment["STRIPE_STANDIN_URL"] = url.ToString();
        foreach (var (name, value) in settings)
        {
            start.Environment[name] = value;
        }

        var process = Process.Start(start) ?? throw new InvalidOperationException("dotnet did not start the Stripe stand-in.");
        // Drained so that a chatty stand-in never blocks on a full pipe.
        process.OutputDataReceived += (_, _) => { };
        process.ErrorDataReceived += (_, _) => { };
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();

        using var http = new HttpClient { BaseAddress = url, Timeout = TimeSpan.FromSeconds(5) };
        try
        {
            await Wait.ForAsync(async () =>
            {
                if (process.HasExited)
                {
                    throw new InvalidOperationException($"The Stripe stand-in exited with code {process.ExitCode} during start.");
                }

                try
                {
                    using var response = await http.GetAsync(new Uri("/_standin/health", UriKind.Relative));
                    return response.IsSuccessStatusCode;
                }
                catch (Exception exception) when (exception is HttpRequestException or TaskCanceledException)
                {
                    // Not listening yet, or too busy starting to answer within the client's timeout.
                    return false;
                }
            }, $"the Stripe stand-in to answer GET {url}_standin/health", TimeSpan.FromSeconds(60));
        }
        catch
        {
            await StopAsync(process);
            throw;
        }

        return (process, url);
    }

    public static async Task StopAsync(Process process)
    {
        if (!process.HasExited)
        {
            process.Kill(entireProcessTree: true);
            await process.WaitForExitAsync();
        }

        process.Dispose();
    }

    public async Task DisposeAsync()
    {
        if (_process is not null)
        {
            await StopAsync(_process);
        }
    }

    /// <summary>standins/Stripe/bin/&lt;Configuration&gt;/&lt;framework&gt;/, next to this test assembly's own configuration.</summary>
    private static string BuiltDll()
    {
        var output = new DirectoryInfo(AppContext.BaseDirectory.TrimEnd(Path.DirectorySeparatorChar));
        for (var directory = output; directory is not null; directory = directory.Parent)
        {
            if (File.Exists(Path.Combine(directory.FullName, "VetrAI.sln")))
            {
                var dll = Path.Combine(directory.FullName, "standins", "Stripe", "bin", output.Parent!.Name, output.Name, "VetrAI.StripeStandIn.dll");
                return File.Exists(dll) ? dll : throw new FileNotFoundException($"{dll} is missing: build standins/Stripe first.", dll);
            }
        }

        throw new InvalidOperationException($"No VetrAI.sln above {output.FullName}.");
    }
}

[CollectionDefinition(Name)]
public sealed class StandInCollection : ICollectionFixture<StandInProcess>
{
    public const string Name = "Stripe stand-in";
}
