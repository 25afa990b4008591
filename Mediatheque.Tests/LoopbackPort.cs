using System.Net;
using System.Net.Sockets;

namespace Mediatheque.Tests;

/// <summary>Ports for the services the fixtures start themselves (PostgreSQL, slapd, aiosmtpd, nginx, app nodes).</summary>
public static class LoopbackPort
{
    /// <summary>A port nothing listens on at the moment, on 127.0.0.1.</summary>
    public static int Free()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
