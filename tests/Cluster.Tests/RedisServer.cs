using System.Globalization;
using System.Net.Sockets;
using System.Text;

namespace VetrAI.Cluster.Tests;

/// <summary>A redis-server of the test's own on a free 127.0.0.1 port, with an append-only file fsynced at every
/// write in a temporary folder, so that what it acknowledged (the membership table) survives a kill and a restart
/// on the same port.</summary>
internal sealed class RedisServer : IAsyncDisposable
{
    private static readonly TimeSpan ReadyTimeout = TimeSpan.FromSeconds(20);

    private readonly DirectoryInfo _directory;
    private ClusterProcess _process;

    private RedisServer(DirectoryInfo directory, int port, ClusterProcess process)
    {
        _directory = directory;
        Port = port;
        _process = process;
    }

    public int Port { get; }

    /// <summary>Its StackExchange.Redis configuration string.</summary>
    public string Configuration => $"127.0.0.1:{Port.ToString(CultureInfo.InvariantCulture)}";

    public static async Task<RedisServer> StartAsync()
    {
        var directory = Directory.CreateTempSubdirectory("vetrai-redis-");
        var port = TestPorts.Take(1)[0];
        var server = new RedisServer(directory, port, Launch(directory, port));
        try
        {
            await server.WaitUntilReadyAsync();
            return server;
        }
        catch
        {
            await server.DisposeAsync();
            throw;
        }
    }

    /// <summary>SIGKILL: no shutdown, no final write; only what the append-only file holds survives.</summary>
    public async Task KillAsync()
    {
        _process.Signal("KILL");
        Assert.True(await _process.WaitForExitAsync(TimeSpan.FromSeconds(10)), "redis-server outlived SIGKILL");
    }

    /// <summary>Starts it again on the same port and folder, and waits until it answers.</summary>
    public async Task RestartAsync()
    {
        await _process.DisposeAsync();
        _process = Launch(_directory, Port);
        await WaitUntilReadyAsync();
    }

    public async ValueTask DisposeAsync()
    {
        await _process.DisposeAsync();
        _directory.Delete(recursive: true);
    }

    private static ClusterProcess Launch(DirectoryInfo directory, int port) => ClusterProcess.StartExecutable(
        $"redis:{port}",
        "redis-server",
        ["--bind", "127.0.0.1", "--port", port.ToString(CultureInfo.InvariantCulture), "--save", "", "--appendonly", "yes",
            "--appendfsync", "always", "--dir", directory.FullName]);

    private Task WaitUntilReadyAsync() => Wait.UntilAsync(
        AnswersPingAsync, ReadyTimeout, $"redis-server to answer PING on port {Port}", () => Task.FromResult(_process.Describe() + "\n" + _process.Tail(20)));

    private async Task<bool> AnswersPingAsync()
    {
        if (_process.HasExited)
        {
            throw new InvalidOperationException($"redis-server exited: {_process.Tail(20)}");
        }

        try
        {
            using var client = new TcpClient();
            await client.ConnectAsync("127.0.0.1", Port);
            var stream = client.GetStream();
            await stream.WriteAsync("PING\r\n"u8.ToArray());
            var buffer = new byte[16];
            var read = await stream.ReadAsync(buffer);
            return Encoding.ASCII.GetString(buffer, 0, read).StartsWith("+PONG", StringComparison.Ordinal);
        }
        catch (Exception exception) when (exception is SocketException or IOException)
        {
            return false;
        }
    }
}
