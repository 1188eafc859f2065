using System.Globalization;
using System.Net;
using System.Net.Sockets;

namespace Grove.Services.Runs;

/// <summary>
/// Which TCP ports are being listened on, and by which processes. Linux: the listening rows of
/// <c>/proc/net/tcp</c> and <c>/proc/net/tcp6</c> (state 0A) give port and socket inode; a process's
/// <c>/proc/&lt;pid&gt;/fd</c> links (<c>socket:[inode]</c>) name its sockets; <c>/proc/&lt;pid&gt;/stat</c>
/// gives its session. Elsewhere only the bind probe of <see cref="IsInUse"/> works.
/// </summary>
internal static class ListeningSockets
{
    private const string ListenState = "0A";

    public static bool Supported => OperatingSystem.IsLinux() && File.Exists("/proc/net/tcp");

    /// <summary>Listening socket inode → port, for every socket the kernel shows this process.</summary>
    public static Dictionary<long, int> ReadListening()
    {
        var result = new Dictionary<long, int>();
        foreach (var table in new[] { "/proc/net/tcp", "/proc/net/tcp6" })
        {
            string[] lines;
            try
            {
                lines = File.ReadAllLines(table);
            }
            catch (IOException)
            {
                continue;
            }

            foreach (var line in lines.Skip(1))
            {
                // sl local_address rem_address st tx:rx tr:when retrnsmt uid timeout inode
                var fields = line.Split(' ', StringSplitOptions.RemoveEmptyEntries);
                if (fields.Length < 10 || fields[3] != ListenState)
                {
                    continue;
                }

                var colon = fields[1].LastIndexOf(':');
                if (colon < 0 ||
                    !int.TryParse(fields[1].AsSpan(colon + 1), NumberStyles.HexNumber, CultureInfo.InvariantCulture, out var port) ||
                    !long.TryParse(fields[9], NumberStyles.None, CultureInfo.InvariantCulture, out var inode))
                {
                    continue;
                }

                result.TryAdd(inode, port);
            }
        }

        return result;
    }

    /// <summary>The ports of every listening socket, whoever owns it.</summary>
    public static HashSet<int> ListeningPorts() => [.. ReadListening().Values];

    /// <summary>
    /// The ports that processes of the session <paramref name="sessionId"/> (a run started with
    /// <c>setsid</c>: its pid) listen on, lowest first.
    /// </summary>
    public static IReadOnlyList<int> PortsOfSession(int sessionId)
    {
        if (!Supported)
        {
            return [];
        }

        var listening = ReadListening();
        if (listening.Count == 0)
        {
            return [];
        }

        var ports = new SortedSet<int>();
        foreach (var pid in Grove.Core.Processes.ProcStat.SessionMembers(sessionId))
        {
            foreach (var inode in SocketInodes(pid))
            {
                if (listening.TryGetValue(inode, out var port))
                {
                    ports.Add(port);
                }
            }
        }

        return [.. ports];
    }

    /// <summary>
    /// True when something listens on <paramref name="port"/>: from the kernel's table when it is
    /// readable, else by trying to bind it on every address.
    /// </summary>
    public static bool IsInUse(int port, HashSet<int>? listening)
    {
        if (listening is not null)
        {
            return listening.Contains(port);
        }

        try
        {
            using var socket = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
            socket.Bind(new IPEndPoint(IPAddress.Any, port));
            return false;
        }
        catch (SocketException)
        {
            return true;
        }
    }

    private static IEnumerable<long> SocketInodes(int pid)
    {
        string[] links;
        try
        {
            links = Directory.GetFileSystemEntries($"/proc/{pid}/fd");
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            yield break;
        }

        foreach (var link in links)
        {
            string? target;
            try
            {
                target = new FileInfo(link).LinkTarget;
            }
            catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
            {
                continue;
            }

            if (target is not null && target.StartsWith("socket:[", StringComparison.Ordinal) && target.EndsWith(']') &&
                long.TryParse(target.AsSpan(8, target.Length - 9), NumberStyles.None, CultureInfo.InvariantCulture, out var inode))
            {
                yield return inode;
            }
        }
    }
}
