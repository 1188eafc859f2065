using System.Net;
using System.Net.Sockets;

namespace Grove.Testing;

/// <summary>Ports on 127.0.0.1 that nothing listens on right now (for a callback port a test sets).</summary>
public static class LoopbackPorts
{
    /// <summary>A port the OS just handed out and released.</summary>
    public static int Free()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
