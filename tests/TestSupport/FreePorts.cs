using System.Net;
using System.Net.Sockets;

namespace VetrAI.TestSupport;

/// <summary>Ports on 127.0.0.1: free ones for test hosts and scripts, and whether one accepts connections.</summary>
public static class FreePorts
{
    /// <summary>Distinct ports that are free on 127.0.0.1 right now: all are held open until every one is
    /// picked, so the system cannot hand one out twice.</summary>
    public static int[] Take(int count)
    {
        var listeners = new List<TcpListener>(count);
        try
        {
            for (var i = 0; i < count; i++)
            {
                var listener = new TcpListener(IPAddress.Loopback, 0);
                listener.Start();
                listeners.Add(listener);
            }

            return [.. listeners.Select(l => ((IPEndPoint)l.LocalEndpoint).Port)];
        }
        finally
        {
            foreach (var listener in listeners)
            {
                listener.Stop();
            }
        }
    }

    /// <summary>The first of <paramref name="count"/> consecutive ports that are all free on 127.0.0.1
    /// right now (cluster.sh gives its silos consecutive cluster ports).</summary>
    public static int TakeConsecutive(int count)
    {
        for (var attempt = 0; attempt < 100; attempt++)
        {
            var first = Take(1)[0];
            if (first + count > IPEndPoint.MaxPort)
            {
                continue;
            }

            var listeners = new List<TcpListener>(count);
            try
            {
                for (var port = first; port < first + count; port++)
                {
                    var listener = new TcpListener(IPAddress.Loopback, port);
                    listener.Start();
                    listeners.Add(listener);
                }

                return first;
            }
            catch (SocketException)
            {
                // One of them is taken: try another first port.
            }
            finally
            {
                foreach (var listener in listeners)
                {
                    listener.Stop();
                }
            }
        }

        throw new InvalidOperationException($"Found no {count} consecutive free ports on 127.0.0.1.");
    }

    /// <summary>Whether 127.0.0.1:<paramref name="port"/> accepts a TCP connection.</summary>
    public static async Task<bool> AcceptsConnectionsAsync(int port)
    {
        using var client = new TcpClient();
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(5));
        try
        {
            await client.ConnectAsync(IPAddress.Loopback, port, timeout.Token);
            return true;
        }
        catch (SocketException)
        {
            return false;
        }
        catch (OperationCanceledException)
        {
            return false;
        }
    }
}
