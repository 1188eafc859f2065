using System.Net;
using System.Net.Sockets;
using Grove.Core.Errors;

namespace Grove.Server.Hosting;

/// <summary>Finds a free loopback port: the configured one, else the next free ones, or any (0).</summary>
internal static class PortPicker
{
    public static int Pick(ServerOptions options)
    {
        if (options.Port == 0)
        {
            return TryBind(0) ?? throw new GroveException(ErrorKind.Conflict, "No free loopback port.");
        }

        var attempts = options.FallBackToNextFreePort ? Math.Max(1, options.PortSearchRange) : 1;
        for (var i = 0; i < attempts && options.Port + i <= IPEndPoint.MaxPort; i++)
        {
            if (TryBind(options.Port + i) is { } port)
            {
                return port;
            }
        }

        throw new GroveException(ErrorKind.Conflict, $"Port {options.Port} is in use{(attempts > 1 ? $" (and the next {attempts - 1})" : string.Empty)}; choose another with --port.");
    }

    private static int? TryBind(int port)
    {
        var listener = new TcpListener(IPAddress.Loopback, port);
        try
        {
            listener.Start();
            return ((IPEndPoint)listener.LocalEndpoint).Port;
        }
        catch (SocketException)
        {
            return null;
        }
        finally
        {
            listener.Stop();
        }
    }
}
