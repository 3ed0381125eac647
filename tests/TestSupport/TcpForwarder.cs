using System.Net;
using System.Net.Sockets;

namespace VetrAI.TestSupport;

/// <summary>A TCP port that forwards to another server while it is up and refuses connections while it is down:
/// a test can take a shared server (maildev's SMTP) "down" for the process under test without stopping it for
/// anyone else. The port stays the same across <see cref="DownAsync"/> and <see cref="Up"/>.</summary>
public sealed class TcpForwarder : IAsyncDisposable
{
    private readonly string _targetHost;
    private readonly int _targetPort;
    private readonly List<TcpClient> _connections = [];
    private TcpListener? _listener;
    private CancellationTokenSource? _accepting;
    private Task _acceptLoop = Task.CompletedTask;

    public TcpForwarder(string targetHost, int targetPort)
    {
        _targetHost = targetHost;
        _targetPort = targetPort;
        Port = FreePorts.Take(1)[0];
    }

    /// <summary>The port the process under test connects to.</summary>
    public int Port { get; }

    /// <summary>Starts forwarding (again).</summary>
    public void Up()
    {
        if (_listener is not null)
        {
            return;
        }

        _listener = new TcpListener(IPAddress.Loopback, Port);
        _listener.Server.SetSocketOption(SocketOptionLevel.Socket, SocketOptionName.ReuseAddress, true);
        _listener.Start();
        _accepting = new CancellationTokenSource();
        _acceptLoop = AcceptAsync(_listener, _accepting.Token);
    }

    /// <summary>Stops listening and drops open connections: new connections are refused.</summary>
    public async Task DownAsync()
    {
        if (_listener is null)
        {
            return;
        }

        await _accepting!.CancelAsync();
        _listener.Stop();
        try
        {
            await _acceptLoop;
        }
        catch (Exception exception) when (exception is OperationCanceledException or SocketException or ObjectDisposedException)
        {
            // The loop ends by its listener stopping.
        }

        lock (_connections)
        {
            foreach (var connection in _connections)
            {
                connection.Dispose();
            }

            _connections.Clear();
        }

        _accepting.Dispose();
        _listener = null;
    }

    public async ValueTask DisposeAsync() => await DownAsync();

    private async Task AcceptAsync(TcpListener listener, CancellationToken cancellationToken)
    {
        while (!cancellationToken.IsCancellationRequested)
        {
            var client = await listener.AcceptTcpClientAsync(cancellationToken);
            _ = PipeAsync(client, cancellationToken);
        }
    }

    private async Task PipeAsync(TcpClient client, CancellationToken cancellationToken)
    {
        var target = new TcpClient();
        lock (_connections)
        {
            _connections.Add(client);
            _connections.Add(target);
        }

        try
        {
            await target.ConnectAsync(_targetHost, _targetPort, cancellationToken);
            var inbound = client.GetStream();
            var outbound = target.GetStream();
            await Task.WhenAny(inbound.CopyToAsync(outbound, cancellationToken), outbound.CopyToAsync(inbound, cancellationToken));
        }
        catch (Exception exception) when (exception is IOException or SocketException or OperationCanceledException or ObjectDisposedException)
        {
            // A dropped connection is what "down" means.
        }
        finally
        {
            client.Dispose();
            target.Dispose();
        }
    }
}
