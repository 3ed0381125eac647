using System.Net;
using System.Net.Sockets;

namespace VetrAI.TestSupport;

/// <summary>Ports that are free on 127.0.0.1, for the silo, gateway and HTTP ports of test hosts.</summary>
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
}
