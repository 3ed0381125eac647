using System.Diagnostics;
using System.Globalization;
using Npgsql;

namespace VetrAI.Cluster.Tests;

/// <summary>A PostgreSQL 15 server of the test's own (initdb into a temporary folder, pg_ctl to start and stop it),
/// on a free 127.0.0.1 port, as scripts/lib/postgres.sh runs the project's: as the postgres user when the tests run
/// as root, which initdb and postgres require.</summary>
internal sealed class PostgresServer : IAsyncDisposable
{
    private static readonly string Bin = Environment.GetEnvironmentVariable("VETRAI_PG_BIN") ?? "/usr/lib/postgresql/15/bin";
    private static readonly TimeSpan CommandTimeout = TimeSpan.FromSeconds(60);

    private readonly DirectoryInfo _directory;

    private PostgresServer(DirectoryInfo directory, int port)
    {
        _directory = directory;
        Port = port;
    }

    public int Port { get; }

    public string ConnectionString => new NpgsqlConnectionStringBuilder
    {
        Host = "127.0.0.1",
        Port = Port,
        Username = "postgres",
        Database = "postgres",
    }.ConnectionString;

    private string DataDirectory => Path.Combine(_directory.FullName, "data");

    public static async Task<PostgresServer> StartAsync()
    {
        var directory = Directory.CreateTempSubdirectory("vetrai-pg-");
        var server = new PostgresServer(directory, TestPorts.Take(1)[0]);
        try
        {
            if (Environment.UserName == "root")
            {
                await RunAsync("chown", ["postgres:postgres", directory.FullName], asPostgres: false);
            }

            await RunAsync(Path.Combine(Bin, "initdb"), ["-D", server.DataDirectory, "--auth=trust", "-U", "postgres", "-E", "UTF8", "--locale=C.UTF-8", "--no-sync"]);
            await server.StartAgainAsync();
            return server;
        }
        catch
        {
            await server.DisposeAsync();
            throw;
        }
    }

    /// <summary>Starts the server (again) and waits until it accepts connections.</summary>
    public Task StartAgainAsync() => RunAsync(Path.Combine(Bin, "pg_ctl"),
    [
        "-D", DataDirectory, "-l", Path.Combine(_directory.FullName, "server.log"), "-w", "-t", "60", "start",
        "-o", $"-c listen_addresses=127.0.0.1 -p {Port.ToString(CultureInfo.InvariantCulture)} -k {_directory.FullName} -c fsync=off",
    ]);

    /// <summary>Stops it the hard way (<c>-m immediate</c>: every backend quits at once, no checkpoint, as after a
    /// crash); what was committed is in the WAL and comes back at the next start.</summary>
    public Task StopAsync() => RunAsync(Path.Combine(Bin, "pg_ctl"), ["-D", DataDirectory, "-m", "immediate", "-w", "-t", "60", "stop"]);

    public async ValueTask DisposeAsync()
    {
        if (File.Exists(Path.Combine(DataDirectory, "postmaster.pid")))
        {
            try
            {
                await StopAsync();
            }
            catch (InvalidOperationException)
            {
                // Not running (any more): nothing to stop.
            }
        }

        _directory.Delete(recursive: true);
    }

    private static async Task RunAsync(string executable, IReadOnlyList<string> arguments, bool asPostgres = true)
    {
        var runAs = asPostgres && Environment.UserName == "root";
        var info = new ProcessStartInfo(runAs ? "runuser" : executable)
        {
            // The postgres user may not be able to enter the test's working directory.
            WorkingDirectory = "/",
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        if (runAs)
        {
            foreach (var argument in (string[])["-u", "postgres", "--", executable])
            {
                info.ArgumentList.Add(argument);
            }
        }

        foreach (var argument in arguments)
        {
            info.ArgumentList.Add(argument);
        }

        using var process = Process.Start(info)!;
        var output = process.StandardOutput.ReadToEndAsync();
        var error = process.StandardError.ReadToEndAsync();
        using var timeout = new CancellationTokenSource(CommandTimeout);
        try
        {
            await process.WaitForExitAsync(timeout.Token);
        }
        catch (OperationCanceledException)
        {
            process.Kill(entireProcessTree: true);
            throw new TimeoutException($"{executable} {string.Join(' ', arguments)} did not finish within {CommandTimeout.TotalSeconds} s.");
        }

        if (process.ExitCode != 0)
        {
            throw new InvalidOperationException(
                $"{executable} {string.Join(' ', arguments)} exited with {process.ExitCode}: {await output}{await error}");
        }
    }
}
