using System.Net;
using System.Net.Sockets;

namespace Mediatheque.Tests;

/// <summary>Ports for the services the fixtures start themselves (PostgreSQL, slapd, aiosmtpd, nginx, app nodes).</summary>
public static class LoopbackPort
{
    private static readonly HashSet<int> Given = [];

    /// <summary>
    /// A port nothing listens on at the moment, on 127.0.0.1, and never given before in this test run. The system may
    /// hand the same free port to two callers in a row (nginx's HTTPS port once came back as a node's port, so nginx
    /// could not listen and the tests spoke TLS to the node): each port goes to one fixture only.
    /// </summary>
    public static int Free()
    {
        lock (Given)
        {
            while (true)
            {
                using var listener = new TcpListener(IPAddress.Loopback, 0);
                listener.Start();
                var port = ((IPEndPoint)listener.LocalEndpoint).Port;
                if (Given.Add(port))
                {
                    return port;
                }
            }
        }
    }
}
