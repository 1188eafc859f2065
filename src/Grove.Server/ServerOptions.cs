namespace Grove.Server;

/// <summary>How the local server listens. It always binds 127.0.0.1; only the port is a choice.</summary>
public sealed class ServerOptions
{
    /// <summary>Grove's fixed default port (documented in the README and in <c>grove serve --help</c>).</summary>
    public const int DefaultPort = 4477;

    /// <summary>The port to try first; 0 lets the OS pick a free one (tests).</summary>
    public int Port { get; set; } = DefaultPort;

    /// <summary>When the port is taken, try the next ones (up to <see cref="PortSearchRange"/>).</summary>
    public bool FallBackToNextFreePort { get; set; } = true;

    public int PortSearchRange { get; set; } = 20;

    /// <summary>How often an idle SSE stream gets a comment line, so proxies and clients see it alive.</summary>
    public TimeSpan HeartbeatInterval { get; set; } = TimeSpan.FromSeconds(15);

    /// <summary>Log each request (method, path, status; the query's token is redacted).</summary>
    public bool LogRequests { get; set; } = true;
}
