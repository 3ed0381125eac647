using System.Net;
using System.Net.Sockets;

namespace VetrAI.Runtime.Tests.Cluster;

/// <summary>A currently unused TCP port on 127.0.0.1, from the range the cluster tests may use.</summary>
internal static class FreePort
{
    private static int _next = 57000 + (Environment.ProcessId % 400);

    public static int Find()
    {
        for (var attempt = 0; attempt < 1000; attempt++)
        {
            var port = 57000 + ((Interlocked.Increment(ref _next) - 57000) % 1000);
            try
            {
                using var listener = new TcpListener(IPAddress.Loopback, port);
                listener.Start();
                return port;
            }
            catch (SocketException)
            {
            }
        }

        throw new InvalidOperationException("No free TCP port in 57000-57999.");
    }
}
